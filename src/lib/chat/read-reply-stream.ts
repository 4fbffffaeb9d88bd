/**
 * The browser side of the reply routes: posts the request and hands each NDJSON event to `onEvent` as it
 * arrives, decoded against the stream's schemas. A line that is not a valid event ends the read with a
 * ReplyStreamError rather than reaching the page half-understood. Aborting `signal` is the Stop button; the
 * server then keeps what was written so far.
 */
import type { TReplyRequest } from "@/lib/replies/reply-requests";
import { ZChatStreamEvent, type TChatStreamEvent } from "./stream-events";

export class ReplyRequestError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = "ReplyRequestError";
  }
}

/** The server sent something that is not a reply stream event: a version mismatch (a page older than the server) or a bug. */
export class ReplyStreamError extends Error {
  constructor(readonly line: string) {
    super("The reply arrived in a form this page cannot read. Reload the page and try again.");
    this.name = "ReplyStreamError";
  }
}

export function decodeReplyStreamLine(line: string): TChatStreamEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new ReplyStreamError(line);
  }
  const event = ZChatStreamEvent.safeParse(parsed);
  if (!event.success) throw new ReplyStreamError(line);
  return event.data;
}

export async function readReplyStream({ url, body }: TReplyRequest, signal: AbortSignal, onEvent: (event: TChatStreamEvent) => void): Promise<void> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal });
  if (!response.ok || !response.body) {
    const problem = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new ReplyRequestError(problem?.error ?? `The reply could not be started (${response.status}).`, response.status);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += value;
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) onEvent(decodeReplyStreamLine(line));
        newline = buffered.indexOf("\n");
      }
    }
  } catch (error) {
    // Nothing more of this stream can be trusted: stop reading (and so the server's generation).
    if (error instanceof ReplyStreamError) await reader.cancel().catch(() => undefined);
    throw error;
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}
