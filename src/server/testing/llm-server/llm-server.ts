/**
 * A real OpenAI-compatible HTTP server for tests: `GET /v1/models`, `POST /v1/chat/completions` (JSON or SSE
 * streaming, with usage), scripted replies, errors and delays, and a record of every request it received.
 * Tests in the same process use the returned handle; other processes (Playwright) use the `/__control` routes.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { chunksOf, echoReply, estimateTokens, textOf, ZScriptedReply, type TChatMessage, type TRecordedRequest, type TScriptedReply } from "./scripts";

export const LLM_TEST_MODELS = ["test-model", "test-model-large"];
/** The one API key the server refuses, to exercise "bad key" handling. */
export const LLM_TEST_BAD_KEY = "sk-bad";

export type TLlmTestServer = {
  url: string;
  script: (...replies: Partial<TScriptedReply>[]) => void;
  requests: () => TRecordedRequest[];
  reset: () => void;
  close: () => Promise<void>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 10 * 1024 * 1024) throw new Error("request too large");
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "null") as unknown;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, message: string, type: string, code?: string): void {
  sendJson(response, status, { error: { message, type, code: code ?? null } });
}

export async function startLlmTestServer(port = 0): Promise<TLlmTestServer> {
  const queue: TScriptedReply[] = [];
  const recorded: TRecordedRequest[] = [];

  async function completions(request: IncomingMessage, response: ServerResponse, authorization: string | null) {
    const body = (await readJson(request)) as { model?: string; messages?: TChatMessage[]; stream?: boolean; stream_options?: { include_usage?: boolean } } | null;
    const messages = Array.isArray(body?.messages) ? body.messages : [];
    const arrived = performance.now();
    const entry: TRecordedRequest = {
      path: "/v1/chat/completions",
      model: String(body?.model ?? ""),
      messages,
      stream: body?.stream === true,
      authorization,
      receivedAt: Date.now(),
      timeToFirstTextMs: null,
      aborted: false,
    };
    recorded.push(entry);
    response.on("close", () => {
      if (!response.writableFinished) entry.aborted = true;
    });
    if (authorization === `Bearer ${LLM_TEST_BAD_KEY}`) return sendError(response, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
    if (!LLM_TEST_MODELS.includes(entry.model)) return sendError(response, 404, `The model '${entry.model}' does not exist.`, "invalid_request_error", "model_not_found");

    const reply = queue.shift() ?? echoReply(messages);
    if (reply.delayMs) await sleep(reply.delayMs);
    if (reply.error) return sendError(response, reply.error.status, reply.error.message, reply.error.type, reply.error.code);

    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const promptTokens = reply.usage?.promptTokens ?? estimateTokens(messages.map((message) => textOf(message.content)).join("\n"));
    const completionTokens = reply.usage?.completionTokens ?? estimateTokens(chunksOf(reply).join(""));
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };

    if (!entry.stream) {
      const message = { role: "assistant", content: reply.text, ...(reply.reasoning ? { reasoning_content: reply.reasoning } : {}) };
      return sendJson(response, 200, { id, object: "chat.completion", created, model: entry.model, choices: [{ index: 0, message, finish_reason: "stop" }], usage });
    }

    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const send = (chunk: unknown) => response.write(`data: ${JSON.stringify(chunk)}\n\n`);
    const frame = (delta: Record<string, unknown>, finish: string | null) => ({ id, object: "chat.completion.chunk", created, model: entry.model, choices: [{ index: 0, delta, finish_reason: finish }] });
    send(frame({ role: "assistant", content: "" }, null));
    if (reply.reasoning) send(frame({ reasoning_content: reply.reasoning }, null));
    for (const piece of chunksOf(reply)) {
      if (response.destroyed) return;
      if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
      send(frame({ content: piece }, null));
      entry.timeToFirstTextMs ??= performance.now() - arrived;
    }
    send(frame({}, "stop"));
    if (body?.stream_options?.include_usage) send({ id, object: "chat.completion.chunk", created, model: entry.model, choices: [], usage });
    response.end("data: [DONE]\n\n");
  }

  async function control(request: IncomingMessage, response: ServerResponse, path: string) {
    if (path === "/__control/script" && request.method === "POST") {
      const replies = ZScriptedReply.array().parse(await readJson(request));
      queue.push(...replies);
      return sendJson(response, 200, { queued: queue.length });
    }
    if (path === "/__control/requests" && request.method === "GET") return sendJson(response, 200, recorded);
    if (path === "/__control/reset" && request.method === "POST") {
      queue.length = 0;
      recorded.length = 0;
      return sendJson(response, 200, { ok: true });
    }
    return sendError(response, 404, "Unknown control route.", "not_found");
  }

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const authorization = request.headers.authorization ?? null;
    const handle = async () => {
      if (path.startsWith("/__control/")) return control(request, response, path);
      if (path === "/v1/models" && request.method === "GET") {
        if (authorization === `Bearer ${LLM_TEST_BAD_KEY}`) return sendError(response, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
        return sendJson(response, 200, { object: "list", data: LLM_TEST_MODELS.map((id) => ({ id, object: "model", created: 0, owned_by: "coterie-tests" })) });
      }
      if (path === "/v1/chat/completions" && request.method === "POST") return completions(request, response, authorization);
      return sendError(response, 404, `No route for ${request.method} ${path}.`, "not_found");
    };
    handle().catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 400, error instanceof Error ? error.message : "Bad request.", "invalid_request_error");
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return {
    url,
    script: (...replies) => queue.push(...replies.map((reply) => ZScriptedReply.parse(reply))),
    requests: () => [...recorded],
    reset: () => {
      queue.length = 0;
      recorded.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
