import { ZRoomReplyRequest } from "@/lib/replies/reply-requests";
import { BODY_LIMITS } from "@/server/http/body-limits";
import { replyRoute } from "@/server/http/reply-stream";
import { roomReply } from "@/server/rooms/room-reply";

export const dynamic = "force-dynamic";

/** Streams the caller's character's turn in a room as NDJSON; their page relays it to the room. */
export const POST = replyRoute(ZRoomReplyRequest, BODY_LIMITS.roomReply, roomReply);
