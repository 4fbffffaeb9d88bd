import { databaseConnection } from "@/server/db";
import { BODY_LIMITS } from "@/server/http/body-limits";
import { readJsonBody } from "@/server/http/limited-body";
import { guardRouteRequest } from "@/server/http/request-session";
import { abortControllerFor, replyStreamResponse } from "@/server/http/reply-stream";
import { enforceRateLimit } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";
import { roomReply, ZRoomReplyRequest } from "@/server/rooms/room-reply";

export const dynamic = "force-dynamic";

/** Streams the caller's character's turn in a room as NDJSON; their page relays it to the room. */
export async function POST(request: Request) {
  const { db } = databaseConnection();
  const guard = await guardRouteRequest(db, request, { changesState: true });
  if (!guard.ok) return guard.response;
  const userId = guard.session.user.id;
  const body = await readJsonBody(request, BODY_LIMITS.roomReply, ZRoomReplyRequest);
  if (!body.ok) return body.response;
  const stop = abortControllerFor(request);
  return replyStreamResponse(roomReply(db, userId, body.data, stop.signal), stop, () => enforceRateLimit(db, "generate", userId, RATE_LIMITS.generationsPerUser));
}
