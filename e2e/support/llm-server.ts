/** The test LLM server as a process of its own, for the e2e suite; tests script it over its /__control routes. */
import { startLlmTestServer } from "../../src/server/testing/llm-server/llm-server";

const port = Number(process.env.E2E_LLM_PORT);
if (!port) throw new Error("E2E_LLM_PORT is required");
const server = await startLlmTestServer(port);
console.log(`test LLM server on ${server.url}`);
