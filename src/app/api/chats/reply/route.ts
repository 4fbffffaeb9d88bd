import { ZChatReplyBody } from "@/lib/replies/reply-requests";
import { chatReply } from "@/server/chat/generate/chat-reply";
import { incognitoReply } from "@/server/chat/generate/incognito-reply";
import { BODY_LIMITS } from "@/server/http/body-limits";
import { replyRoute } from "@/server/http/reply-stream";

export const dynamic = "force-dynamic";

/**
 * Streams a character's reply in a chat, saved or incognito, as NDJSON (lib/chat/stream-events). Aborting the
 * request (Stop) aborts the provider request too; a saved chat keeps what was written so far.
 */
export const POST = replyRoute(ZChatReplyBody, BODY_LIMITS.chatReply, (db, userId, body, signal) =>
  "incognito" in body ? incognitoReply(db, userId, body.incognito, signal) : chatReply(db, userId, body, signal),
);
