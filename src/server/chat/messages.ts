/**
 * A chat's message rows, written only here: the user's message and the character's reply (a new swipe, or more
 * of the last one) as a reply saves them, and the changes the user makes by hand: edit, delete, switch between
 * alternative replies (swipes) and between a translation and the original. Every write bumps the chat's
 * revision in its transaction (turn-cache).
 */
import "server-only";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { TDatabase } from "@/server/db/client";
import { chats, messages } from "@/server/db/schema";
import { refuseIfArchived } from "./chats";
import { AppError } from "@/server/errors";
import { countTokens } from "@/server/llm/token-count";
import { bumpChatRevision } from "./turn-cache";

export type TMessageRow = typeof messages.$inferSelect;

/** Who wrote a reply and what it cost, stored with it. */
export type TReplyGenerator = Pick<
  TMessageRow,
  "providerLabel" | "modelId" | "inputTokens" | "outputTokens" | "reasoningTokens" | "costMicros" | "costCode" | "latencyMs" | "status" | "error"
>;

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

/** Saves a reply as a new swipe of its turn, shown in place of the others. Returns the row and the new revision. */
export async function saveReply(db: TDatabase, userId: string, chatId: string, reply: { sequence: number; content: string; reasoning: string | null; generator: TReplyGenerator }) {
  return db.transaction(async (tx) => {
    const [next] = await tx
      .select({ swipe: sql<number>`coalesce(max(${messages.swipe}) + 1, 0)::int` })
      .from(messages)
      .where(and(eq(messages.chatId, chatId), eq(messages.sequence, reply.sequence)));
    const swipe = next?.swipe ?? 0;
    await tx.update(messages).set({ selected: false }).where(and(eq(messages.chatId, chatId), eq(messages.sequence, reply.sequence), ne(messages.swipe, swipe)));
    const [row] = await tx
      .insert(messages)
      .values({ ...reply.generator, userId, chatId, sequence: reply.sequence, swipe, role: "assistant", content: reply.content, reasoning: reply.reasoning, tokens: countTokens(reply.content) })
      .returning();
    if (!row) throw new Error("reply insert returned no row");
    return { row, revision: await bumpChatRevision(tx, chatId) };
  });
}

/** Adds what a Continue wrote to the end of the reply it continued; the new generator replaces the old. */
export async function extendReply(db: TDatabase, reply: Pick<TMessageRow, "id" | "chatId" | "content" | "reasoning">, more: { content: string; reasoning: string; generator: TReplyGenerator }) {
  const content = reply.content + more.content;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(messages)
      // The translation was of the shorter text.
      .set({ ...more.generator, content, tokens: countTokens(content), reasoning: more.reasoning || reply.reasoning, translatedContent: null, showTranslation: false })
      .where(eq(messages.id, reply.id))
      .returning();
    if (!row) throw new Error("reply update returned no row");
    return { row, revision: await bumpChatRevision(tx, reply.chatId) };
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

/** Keeps a translation beside the original and shows it. */
export async function saveTranslation(db: TDatabase, message: Pick<TMessageRow, "id" | "chatId">, translated: string, language: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(messages).set({ translatedContent: translated, translatedLanguage: language, showTranslation: true }).where(eq(messages.id, message.id));
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
