/** Steps that script the test LLM server and read what it received, as the chat stories need. */
import { lighthouseCardJson } from "../../src/server/testing/lighthouse-card";
import type { TRecordedRequest, TScriptedReply } from "../../src/server/testing/llm-server/scripts";

export const LLM_URL = `http://127.0.0.1:${process.env.E2E_LLM_PORT ?? 3902}/v1`;
const CONTROL = LLM_URL.replace(/\/v1$/, "/__control");

export async function scriptReplies(...replies: Partial<TScriptedReply>[]): Promise<void> {
  const response = await fetch(`${CONTROL}/script`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(replies) });
  if (!response.ok) throw new Error(`scripting the LLM server failed: ${response.status}`);
}

export async function llmRequests(): Promise<TRecordedRequest[]> {
  return (await (await fetch(`${CONTROL}/requests`)).json()) as TRecordedRequest[];
}

export async function resetLlm(): Promise<void> {
  await fetch(`${CONTROL}/reset`, { method: "POST" });
}

/** The chat tests' card (Iris, with a lorebook entry on "lighthouse") as a JSON file to import. */
export function lighthouseCard(): Buffer {
  return Buffer.from(lighthouseCardJson());
}
