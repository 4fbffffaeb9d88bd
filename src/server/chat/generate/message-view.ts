import type { TMessageView } from "@/lib/chat/stream-events";
import type { messages } from "@/server/db/schema";

/** A message as the browser sees it: everything but the owner column. */
export function toMessageView(row: typeof messages.$inferSelect): TMessageView {
  const { userId: _userId, chatId: _chatId, tokens: _tokens, ...view } = row;
  return view;
}
