/**
 * The test LLM server for an integration test file, in one call: started (with the app secret that seals provider
 * keys) before the file's tests, its script and records reset before each test, closed after the file.
 * Not named `use…`: it registers vitest hooks, it is not a React hook.
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { connectTestProvider } from "./chat";
import { startLlmTestServer, type TLlmTestServer } from "./llm-server/llm-server";
import { installTestAppSecret } from "./secret";
import type { signedUpCaller } from "./trpc";

type TCaller = Awaited<ReturnType<typeof signedUpCaller>>["caller"];

export type TTestLlm = Omit<TLlmTestServer, "close"> & {
  /** Gives the caller a provider on this server and returns it with its `test-model` row. */
  connect: (caller: TCaller, apiKey?: string) => ReturnType<typeof connectTestProvider>;
};

export function withTestLlm(): TTestLlm {
  let server: TLlmTestServer | undefined;
  beforeAll(async () => {
    installTestAppSecret();
    server = await startLlmTestServer();
  });
  afterAll(() => server?.close());
  beforeEach(() => server?.reset());

  // Tests hold the handle from the start; the server behind it exists once beforeAll has run.
  const started = (): TLlmTestServer => {
    if (!server) throw new Error("the test LLM server is used before its beforeAll ran");
    return server;
  };
  return {
    get url() {
      return started().url;
    },
    script: (...replies) => started().script(...replies),
    requests: () => started().requests(),
    reset: () => started().reset(),
    connect: (caller, apiKey) => connectTestProvider(caller, started().url, apiKey),
  };
}
