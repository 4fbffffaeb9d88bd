/**
 * The browser side of /api/chats/reply (and of /api/rooms/reply, which streams the same events): posts the
 * request and hands each NDJSON event to `onEvent` as it arrives. Aborting `signal` is the Stop button; the
 * server then keeps what was written so far.
 */
import type { TChatStreamEvent } from "./stream-events";

export class ReplyRequestError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = "ReplyRequestError";
  }
}

export async function readReplyStream(body: unknown, signal: AbortSignal, onEvent: (event: TChatStreamEvent) => void, url = "/api/chats/reply"): Promise<void> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal });
  if (!response.ok || !response.body) {
    const problem = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new ReplyRequestError(problem?.error ?? `The reply could not be started (${response.status}).`, response.status);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += value;
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) onEvent(JSON.parse(line) as TChatStreamEvent);
      newline = buffered.indexOf("\n");
    }
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}
