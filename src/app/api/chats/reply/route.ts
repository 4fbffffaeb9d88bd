import { z } from "zod";
import { CHAT_STREAM_CONTENT_TYPE, type TChatStreamEvent } from "@/lib/chat/stream-events";
import { chatReply, ZChatReplyRequest } from "@/server/chat/generate/chat-reply";
import { incognitoReply, ZIncognitoReplyRequest } from "@/server/chat/generate/incognito-reply";
import { databaseConnection } from "@/server/db";
import { AppError } from "@/server/errors";
import { appErrorResponse } from "@/server/http/error-response";
import { guardRouteRequest, readBodyWithLimit } from "@/server/http/request-session";
import { logger } from "@/server/logger";
import { enforceRateLimit } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 8 * 1024 * 1024;
const ZReplyBody = z.union([z.object({ incognito: ZIncognitoReplyRequest }), ZChatReplyRequest]);

function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return appErrorResponse(error);
  logger.error({ err: error instanceof Error ? error.message : "unknown" }, "chat reply failed before streaming");
  return Response.json({ error: "The reply could not be started." }, { status: 500 });
}

/**
 * Streams a character's reply as NDJSON (see lib/chat/stream-events). Aborting the request (Stop) aborts
 * the provider request too; the server keeps what was written so far.
 */
export async function POST(request: Request) {
  const { db } = databaseConnection();
  const guard = await guardRouteRequest(db, request, { changesState: true });
  if (!guard.ok) return guard.response;
  const userId = guard.session.user.id;

  const bytes = await readBodyWithLimit(request, MAX_BODY_BYTES);
  if (!bytes) return Response.json({ error: "The request is too large." }, { status: 413 });
  let body: z.infer<typeof ZReplyBody>;
  try {
    const parsed = ZReplyBody.safeParse(JSON.parse(bytes.toString("utf8")));
    if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message ?? "Invalid request.", issues: parsed.error.issues }, { status: 400 });
    body = parsed.data;
  } catch {
    return Response.json({ error: "Send the request as JSON." }, { status: 400 });
  }

  // Stop = the browser aborts its fetch. Either signal (request aborted, or the body stream cancelled) stops it.
  const stop = new AbortController();
  request.signal.addEventListener("abort", () => stop.abort(), { once: true });
  const events = "incognito" in body ? incognitoReply(db, userId, body.incognito, stop.signal) : chatReply(db, userId, body, stop.signal);
  // Setup errors (no model configured, chat not found, a reply already running) become a plain HTTP error;
  // once the first event exists, everything else travels inside the stream.
  let first: IteratorResult<TChatStreamEvent>;
  try {
    await enforceRateLimit(db, "generate", userId, RATE_LIMITS.generationsPerUser);
    first = await events.next();
  } catch (error) {
    return errorResponse(error);
  }

  const encoder = new TextEncoder();
  const line = (event: TChatStreamEvent) => encoder.encode(`${JSON.stringify(event)}\n`);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(line(first.value));
      else controller.close();
    },
    async pull(controller) {
      try {
        const next = await events.next();
        if (next.done) controller.close();
        else controller.enqueue(line(next.value));
      } catch (error) {
        logger.error({ err: error instanceof Error ? error.message : "unknown" }, "chat reply stream failed");
        const message = error instanceof AppError ? error.message : "The reply failed on the server.";
        controller.enqueue(line({ type: "error", kind: "server_error", error: message, message: null }));
        controller.close();
      }
    },
    async cancel() {
      // The browser went away: abort upstream, then let the generator run to its end so it saves what was
      // written and releases the chat.
      stop.abort();
      for await (const _event of events) {
        // Nobody is listening any more.
      }
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": CHAT_STREAM_CONTENT_TYPE,
      // no-transform keeps compression (ours or a proxy's) from buffering the stream; so does x-accel-buffering for nginx.
      "cache-control": "no-store, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
