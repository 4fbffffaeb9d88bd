import { z } from "zod";
import { chatReply, ZChatReplyRequest } from "@/server/chat/generate/chat-reply";
import { incognitoReply, ZIncognitoReplyRequest } from "@/server/chat/generate/incognito-reply";
import { databaseConnection } from "@/server/db";
import { abortControllerFor, replyStreamResponse } from "@/server/http/reply-stream";
import { BODY_LIMITS } from "@/server/http/body-limits";
import { readJsonBody } from "@/server/http/limited-body";
import { guardRouteRequest } from "@/server/http/request-session";
import { enforceRateLimit } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";

export const dynamic = "force-dynamic";

const ZReplyBody = z.union([z.object({ incognito: ZIncognitoReplyRequest }), ZChatReplyRequest]);

/**
 * Streams a character's reply as NDJSON (see lib/chat/stream-events). Aborting the request (Stop) aborts
 * the provider request too; the server keeps what was written so far.
 */
export async function POST(request: Request) {
  const { db } = databaseConnection();
  const guard = await guardRouteRequest(db, request, { changesState: true });
  if (!guard.ok) return guard.response;
  const userId = guard.session.user.id;
  const body = await readJsonBody(request, BODY_LIMITS.chatReply, ZReplyBody);
  if (!body.ok) return body.response;

  const stop = abortControllerFor(request);
  const events = "incognito" in body.data ? incognitoReply(db, userId, body.data.incognito, stop.signal) : chatReply(db, userId, body.data, stop.signal);
  return replyStreamResponse(events, stop, () => enforceRateLimit(db, "generate", userId, RATE_LIMITS.generationsPerUser));
}
