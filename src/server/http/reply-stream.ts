/**
 * A generation as an HTTP answer: NDJSON events (lib/chat/stream-events), one per line. Errors before the first
 * event (nothing configured, not allowed, a reply already running) become a plain HTTP error; after it,
 * everything travels inside the stream. Aborting the request aborts `stop`, and with it the provider request.
 * `replyRoute` is the whole sequence every reply route follows: guard, body, rate limit, abort, stream.
 */
import type { z } from "zod";
import { CHAT_STREAM_CONTENT_TYPE, type TChatStreamEvent } from "@/lib/chat/stream-events";
import { databaseConnection } from "@/server/db";
import type { TDatabase } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { enforceRateLimit } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";
import type { TBodyLimit } from "./body-limits";
import { appErrorResponse } from "./error-response";
import { readJsonBody } from "./limited-body";
import { guardRouteRequest } from "./request-session";

export type TReplyGenerator<TBody> = (db: TDatabase, userId: string, body: TBody, signal: AbortSignal) => AsyncGenerator<TChatStreamEvent>;

/**
 * A POST handler streaming a reply: a signed-in, same-origin request (guardRouteRequest), a body within `limit`
 * that `schema` accepts, the person's generation rate limit, then `generate`'s events until it ends or the
 * browser stops it.
 */
export function replyRoute<TBody>(schema: z.ZodType<TBody>, limit: TBodyLimit, generate: TReplyGenerator<TBody>): (request: Request) => Promise<Response> {
  return async (request) => {
    const { db } = databaseConnection();
    const guard = await guardRouteRequest(db, request, { changesState: true });
    if (!guard.ok) return guard.response;
    const userId = guard.session.user.id;
    const body = await readJsonBody(request, limit, schema);
    if (!body.ok) return body.response;
    const stop = abortControllerFor(request);
    return replyStreamResponse(generate(db, userId, body.data, stop.signal), stop, () => enforceRateLimit(db, "generate", userId, RATE_LIMITS.generationsPerUser));
  };
}

function setupErrorResponse(error: unknown): Response {
  if (error instanceof AppError) return appErrorResponse(error);
  logger.error({ err: error }, "reply failed before streaming");
  return Response.json({ error: "The reply could not be started." }, { status: 500 });
}

export async function replyStreamResponse(events: AsyncGenerator<TChatStreamEvent>, stop: AbortController, beforeFirst?: () => Promise<void>): Promise<Response> {
  let first: IteratorResult<TChatStreamEvent>;
  try {
    await beforeFirst?.();
    first = await events.next();
  } catch (error) {
    return setupErrorResponse(error);
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
        logger.error({ err: error }, "reply stream failed");
        const message = error instanceof AppError ? error.message : "The reply failed on the server.";
        controller.enqueue(line({ type: "error", kind: "server_error", error: message, message: null }));
        controller.close();
      }
    },
    async cancel() {
      // The browser went away: abort upstream, then let the generator run to its end so it saves what was
      // written and releases what it holds.
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

/** Stop = the browser aborts its fetch. */
function abortControllerFor(request: Request): AbortController {
  const stop = new AbortController();
  request.signal.addEventListener("abort", () => stop.abort(), { once: true });
  return stop;
}
