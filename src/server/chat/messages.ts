/**
 * Changes to messages the user makes by hand: send, edit, delete, switch between alternative replies (swipes)
 * and between a translation and the original.
 */
import "server-only";
import { and, asc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { MAX_MESSAGE_CHARACTERS, MESSAGE_TOO_LONG } from "@/lib/chat/message-length";
import type { TDatabase } from "@/server/db/client";
import { chats, messages } from "@/server/db/schema";
import { refuseIfArchived } from "./chats";
import { AppError } from "@/server/errors";
import { countTokens } from "@/server/llm/token-count";
import { bumpChatRevision } from "./turn-cache";

export const ZMessageContent = z.string().max(MAX_MESSAGE_CHARACTERS, MESSAGE_TOO_LONG);

/** A message of the user's that may be changed: its chat is not archived. */
export async function writableMessage(db: TDatabase, userId: string, messageId: string) {
  const [row] = await db
    .select({ message: messages, archived: chats.archived })
    .from(messages)
    .innerJoin(chats, eq(chats.id, messages.chatId))
    .where(and(eq(messages.id, messageId), eq(messages.userId, userId)));
  if (!row) throw new AppError("NOT_FOUND", "Message not found.");
  refuseIfArchived(row);
  return row.message;
}

/** Saves a message the user sent, bumping the chat's revision in the same transaction. Returns the row and the new revision. */
export async function saveUserMessage(db: TDatabase, userId: string, chatId: string, message: { sequence: number; content: string; tokens: number }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(messages)
      .values({ ...message, role: "user", userId, chatId })
      .returning();
    if (!row) throw new Error("message insert returned no row");
    return { row, revision: await bumpChatRevision(tx, chatId) };
  });
}

export async function editMessage(db: TDatabase, userId: string, messageId: string, content: string): Promise<void> {
  const message = await writableMessage(db, userId, messageId);
  if (!content.trim()) throw new AppError("INVALID_INPUT", "A message cannot be empty; delete it instead.");
  await db.transaction(async (tx) => {
    await tx
      .update(messages)
      // An edit invalidates the translation, which was of the old text.
      .set({ content, tokens: countTokens(content), editedAt: new Date(), translatedContent: null, translatedLanguage: null, showTranslation: false })
      .where(eq(messages.id, message.id));
    await bumpChatRevision(tx, message.chatId);
  });
}

/** Deletes this version of the turn; when it was the only one, the turn is gone, and otherwise its neighbour is shown. */
export async function deleteMessage(db: TDatabase, userId: string, messageId: string): Promise<void> {
  const message = await writableMessage(db, userId, messageId);
  await db.transaction(async (tx) => {
    await tx.delete(messages).where(eq(messages.id, message.id));
    await bumpChatRevision(tx, message.chatId);
    if (!message.selected) return;
    const [neighbour] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.chatId, message.chatId), eq(messages.sequence, message.sequence)))
      .orderBy(asc(messages.swipe));
    if (neighbour) await tx.update(messages).set({ selected: true }).where(eq(messages.id, neighbour.id));
  });
}

export async function selectSwipe(db: TDatabase, userId: string, messageId: string): Promise<void> {
  const message = await writableMessage(db, userId, messageId);
  await db.transaction(async (tx) => {
    await tx
      .update(messages)
      .set({ selected: false })
      .where(and(eq(messages.chatId, message.chatId), eq(messages.sequence, message.sequence), ne(messages.id, message.id)));
    await tx.update(messages).set({ selected: true }).where(eq(messages.id, message.id));
    await bumpChatRevision(tx, message.chatId);
  });
}

export async function showTranslation(db: TDatabase, userId: string, messageId: string, show: boolean): Promise<void> {
  const message = await writableMessage(db, userId, messageId);
  if (show && !message.translatedContent) throw new AppError("INVALID_INPUT", "This message has not been translated yet.");
  await db.transaction(async (tx) => {
    await tx.update(messages).set({ showTranslation: show }).where(eq(messages.id, message.id));
    await bumpChatRevision(tx, message.chatId);
  });
}
