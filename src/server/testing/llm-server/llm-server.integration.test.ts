import { describe, expect, it } from "vitest";
import { withTestLlm } from "../test-llm";
import { LLM_TEST_BAD_KEY } from "./llm-server";

const server = withTestLlm();

const headers = { "content-type": "application/json", authorization: "Bearer sk-test" };
const chat = (body: Record<string, unknown>, init: RequestInit = {}) =>
  fetch(`${server.url}/chat/completions`, { method: "POST", headers, body: JSON.stringify({ model: "test-model", ...body }), ...init });

/** The content deltas and the final usage of an SSE stream. */
async function readStream(response: Response) {
  const text = await response.text();
  const events = text.split("\n\n").filter(Boolean).map((event) => event.replace(/^data: /, ""));
  expect(events.at(-1)).toBe("[DONE]");
  const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as { choices: { delta: { content?: string }; finish_reason: string | null }[]; usage?: { total_tokens: number } });
  return {
    content: chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join(""),
    finish: chunks.map((chunk) => chunk.choices[0]?.finish_reason).find(Boolean),
    usage: chunks.find((chunk) => chunk.usage)?.usage,
  };
}

describe("test LLM server", () => {
  it("lists its models", async () => {
    const response = await fetch(`${server.url}/models`, { headers });
    expect(await response.json()).toMatchObject({ object: "list", data: [{ id: "test-model" }, { id: "test-model-large" }] });
  });

  it("echoes the last user message with usage when nothing is scripted", async () => {
    const response = await chat({ messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hello there" }] });
    const body = (await response.json()) as { choices: { message: { content: string } }[]; usage: { prompt_tokens: number; completion_tokens: number } };
    expect(body.choices[0]?.message.content).toBe("Echo: Hello there");
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);
    expect(server.requests()[0]?.messages).toEqual([{ role: "system", content: "Be brief." }, { role: "user", content: "Hello there" }]);
  });

  it("streams a scripted reply as SSE chunks, then usage and [DONE]", async () => {
    server.script({ chunks: ["Once ", "upon ", "a time."], usage: { promptTokens: 12, completionTokens: 5 } });
    const response = await chat({ messages: [{ role: "user", content: "A story?" }], stream: true, stream_options: { include_usage: true } });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(await readStream(response)).toEqual({ content: "Once upon a time.", finish: "stop", usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 } });
  });

  it("answers scripted errors, bad keys and unknown models like OpenAI does", async () => {
    server.script({ error: { status: 429, message: "Rate limit reached.", type: "rate_limit_error" } });
    const limited = await chat({ messages: [{ role: "user", content: "hi" }] });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: { message: "Rate limit reached.", type: "rate_limit_error", code: null } });
    const badKey = await chat({ messages: [] }, { headers: { ...headers, authorization: `Bearer ${LLM_TEST_BAD_KEY}` } });
    expect(badKey.status).toBe(401);
    const unknown = await chat({ model: "no-such-model", messages: [] });
    expect(unknown.status).toBe(404);
  });

  it("records a client that hangs up mid-stream", async () => {
    server.script({ chunks: Array.from({ length: 50 }, (_, index) => `w${index} `), chunkDelayMs: 20 });
    const controller = new AbortController();
    const response = await chat({ messages: [{ role: "user", content: "long" }], stream: true }, { signal: controller.signal });
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.requests()[0]?.aborted).toBe(true);
  });

  it("takes scripts and hands out its record over HTTP, for tests in other processes", async () => {
    const control = server.url.replace(/\/v1$/, "/__control");
    await fetch(`${control}/script`, { method: "POST", headers, body: JSON.stringify([{ text: "From afar." }]) });
    const body = (await (await chat({ messages: [{ role: "user", content: "?" }] })).json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toBe("From afar.");
    const recorded = (await (await fetch(`${control}/requests`)).json()) as unknown[];
    expect(recorded).toHaveLength(1);
  });
});
