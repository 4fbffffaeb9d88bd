/**
 * Chats: start one from a character (with its first message or an alternate greeting, as swipes of the
 * opening turn), list, rename, archive, delete, and fork from any message.
 */
import "server-only";
import { and, asc, desc, eq, ilike, lte, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { TDatabase } from "@/server/db/client";
import { characters, chats, memories, messages, personas } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { ownedCharacter, ownedPersona } from "@/server/characters/lookups";
import { countTokens } from "@/server/llm/token-count";
import { ZCharacterId, ZPersonaId } from "@/lib/ids";


export const ZChatStart = z.object({
  characterId: ZCharacterId,
  personaId: ZPersonaId.nullable(),
  /** 0: the first message; n: alternate greeting n. */
  greetingIndex: z.number().int().min(0).max(500).default(0),
});

export const ZChatListQuery = z.object({
  search: z.string().trim().max(200).default(""),
  archived: z.boolean().default(false),
  characterId: z.string().max(80).optional(),
});

/** Greetings of a character in swipe order: the first message, then the alternates. Empty ones are dropped. */
export function greetingsOf(character: { firstMessage: string; alternateGreetings: string[] }): string[] {
  return [character.firstMessage, ...character.alternateGreetings].filter((greeting) => greeting.trim() !== "");
}

export async function startChat(db: TDatabase, userId: string, input: z.infer<typeof ZChatStart>): Promise<string> {
  const character = await ownedCharacter(db, userId, input.characterId);
  const persona = await ownedPersona(db, userId, input.personaId);
  const greetings = greetingsOf(character);
  if (greetings.length > 0 && input.greetingIndex >= greetings.length) throw new AppError("INVALID_INPUT", "That greeting does not exist.");
  return db.transaction(async (tx) => {
    const [chat] = await tx
      .insert(chats)
      .values({ userId, characterId: character.id, personaId: persona?.id ?? null, title: `Chat with ${character.name}`.slice(0, 120) })
      .returning({ id: chats.id });
    if (!chat) throw new Error("chat insert returned no row");
    if (greetings.length > 0) {
      await tx.insert(messages).values(
        greetings.map((content, swipe) => ({
          userId,
          chatId: chat.id,
          sequence: 0,
          swipe,
          selected: swipe === input.greetingIndex,
          role: "assistant" as const,
          content,
          tokens: countTokens(content),
        })),
      );
    }
    return chat.id;
  });
}

/** A chat that begins with messages written elsewhere (a room's transcript), under a title the person keeps. */
export async function startChatWith(
  db: TDatabase,
  userId: string,
  start: { characterId: string; title: string; messages: { role: "user" | "assistant"; speakerName: string | null; content: string }[] },
): Promise<string> {
  return db.transaction(async (tx) => {
    const [chat] = await tx.insert(chats).values({ userId, characterId: start.characterId, title: start.title.slice(0, 120), titleIsAuto: false }).returning({ id: chats.id });
    if (!chat) throw new Error("chat insert returned no row");
    if (start.messages.length > 0) {
      await tx.insert(messages).values(start.messages.map((message, sequence) => ({ ...message, userId, chatId: chat.id, sequence, tokens: countTokens(message.content) })));
    }
    return chat.id;
  });
}

export async function listChats(db: TDatabase, userId: string, query: z.infer<typeof ZChatListQuery>) {
  const pattern = `%${query.search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  return db
    .select({
      id: chats.id,
      title: chats.title,
      archived: chats.archived,
      lastMessageAt: chats.lastMessageAt,
      characterId: chats.characterId,
      characterName: characters.name,
      avatarAssetId: characters.avatarAssetId,
      messageCount: sql<number>`(select count(*)::int from ${messages} where ${messages.chatId} = ${chats.id} and ${messages.selected})`,
    })
    .from(chats)
    .innerJoin(characters, eq(characters.id, chats.characterId))
    .where(
      and(
        eq(chats.userId, userId),
        eq(chats.archived, query.archived),
        query.characterId ? eq(chats.characterId, query.characterId) : undefined,
        query.search ? or(ilike(chats.title, pattern), ilike(characters.name, pattern)) : undefined,
      ),
    )
    .orderBy(desc(chats.lastMessageAt))
    .limit(200);
}

export async function ownedChat(db: TDatabase, userId: string, chatId: string) {
  const [chat] = await db.select().from(chats).where(and(eq(chats.id, chatId), eq(chats.userId, userId)));
  if (!chat) throw new AppError("NOT_FOUND", "Chat not found.");
  return chat;
}

/** An archived chat is read-only until it is restored: nothing in it may change, though it can be read and forked. */
export function refuseIfArchived(chat: { archived: boolean }): void {
  if (chat.archived) throw new AppError("CONFLICT", "This chat is archived. Restore it to change it.");
}

/** An owned chat that may be changed (not archived). */
export async function writableChat(db: TDatabase, userId: string, chatId: string) {
  const chat = await ownedChat(db, userId, chatId);
  refuseIfArchived(chat);
  return chat;
}

/** The chat's revision alone: a cheap signal, polled by open pages, that its messages changed elsewhere. */
export async function chatRevision(db: TDatabase, userId: string, chatId: string): Promise<number> {
  const [chat] = await db.select({ revision: chats.revision }).from(chats).where(and(eq(chats.id, chatId), eq(chats.userId, userId)));
  if (!chat) throw new AppError("NOT_FOUND", "Chat not found.");
  return chat.revision;
}

/** A chat with its character and persona in one round trip: what every reply starts from. */
export async function ownedChatWithCast(db: TDatabase, userId: string, chatId: string) {
  const [row] = await db
    .select({ chat: chats, character: characters, persona: personas })
    .from(chats)
    .leftJoin(characters, and(eq(characters.id, chats.characterId), eq(characters.userId, userId)))
    .leftJoin(personas, and(eq(personas.id, chats.personaId), eq(personas.userId, userId)))
    .where(and(eq(chats.id, chatId), eq(chats.userId, userId)));
  if (!row) throw new AppError("NOT_FOUND", "Chat not found.");
  if (!row.character) throw new AppError("NOT_FOUND", "This chat's character no longer exists.");
  if (row.chat.personaId && !row.persona) throw new AppError("NOT_FOUND", "Persona not found.");
  return { chat: row.chat, character: row.character, persona: row.persona };
}

/** Replaces an automatic title only: the person may have renamed the chat meanwhile. Says whether it did. */
export async function setAutomaticTitle(db: TDatabase, userId: string, chatId: string, title: string): Promise<boolean> {
  const updated = await db
    .update(chats)
    .set({ title })
    .where(and(eq(chats.id, chatId), eq(chats.userId, userId), eq(chats.titleIsAuto, true)))
    .returning({ id: chats.id });
  return updated.length > 0;
}

/** The chat had a new message or reply: it moves to the top of the list. */
export async function touchLastMessage(db: TDatabase, chatId: string): Promise<void> {
  await db.update(chats).set({ lastMessageAt: new Date() }).where(eq(chats.id, chatId));
}

export async function chatWithMessages(db: TDatabase, userId: string, chatId: string) {
  const chat = await ownedChat(db, userId, chatId);
  const [character] = await db
    .select({ id: characters.id, name: characters.name, avatarAssetId: characters.avatarAssetId })
    .from(characters)
    .where(eq(characters.id, chat.characterId));
  const persona = chat.personaId ? ((await db.select({ id: personas.id, name: personas.name }).from(personas).where(eq(personas.id, chat.personaId)))[0] ?? null) : null;
  const rows = await db.select().from(messages).where(eq(messages.chatId, chatId)).orderBy(asc(messages.sequence), asc(messages.swipe));
  return { chat, character: character ?? null, persona, messages: rows };
}

export async function updateChat(db: TDatabase, userId: string, chatId: string, changes: { title?: string; archived?: boolean; personaId?: string | null }) {
  // Restoring (or archiving) is always allowed; a new title or persona only for a chat that is, or is being, restored.
  const chat = await ownedChat(db, userId, chatId);
  if (changes.title !== undefined || changes.personaId !== undefined) refuseIfArchived({ archived: changes.archived ?? chat.archived });
  if (changes.personaId) await ownedPersona(db, userId, changes.personaId);
  const updated = await db
    .update(chats)
    .set({ ...changes, ...(changes.title !== undefined ? { titleIsAuto: false } : {}) })
    .where(and(eq(chats.id, chatId), eq(chats.userId, userId)))
    .returning({ id: chats.id });
  if (updated.length === 0) throw new AppError("NOT_FOUND", "Chat not found.");
}

export async function deleteChat(db: TDatabase, userId: string, chatId: string): Promise<void> {
  const deleted = await db
    .delete(chats)
    .where(and(eq(chats.id, chatId), eq(chats.userId, userId)))
    .returning({ id: chats.id });
  if (deleted.length === 0) throw new AppError("NOT_FOUND", "Chat not found.");
}

/** A new chat holding every turn up to and including the message's, with the swipes as they were, and the chat's memories. */
export async function forkChat(db: TDatabase, userId: string, messageId: string): Promise<string> {
  const [message] = await db.select().from(messages).where(and(eq(messages.id, messageId), eq(messages.userId, userId)));
  if (!message) throw new AppError("NOT_FOUND", "Message not found.");
  const source = await ownedChat(db, userId, message.chatId);
  return db.transaction(async (tx) => {
    const [chat] = await tx
      .insert(chats)
      .values({ userId, characterId: source.characterId, personaId: source.personaId, title: `${source.title} (fork)`.slice(0, 120), forkedFromChatId: source.id })
      .returning({ id: chats.id });
    if (!chat) throw new Error("chat insert returned no row");
    const copied = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.chatId, source.id), lte(messages.sequence, message.sequence)));
    if (copied.length > 0) {
      await tx.insert(messages).values(
        copied.map((row) => {
          const { id: _id, chatId: _chatId, ...rest } = row;
          // The forked turn itself keeps only the version the user forked from, selected.
          const atForkTurn = row.sequence === message.sequence;
          return { ...rest, chatId: chat.id, selected: atForkTurn ? row.id === message.id : row.selected };
        }).filter((row) => row.sequence < message.sequence || row.selected),
      );
    }
    // What the character remembered up to here goes with it; the copies are the fork's own from now on.
    const remembered = await tx.select().from(memories).where(eq(memories.chatId, source.id));
    if (remembered.length > 0) {
      await tx.insert(memories).values(remembered.map(({ id: _id, chatId: _chatId, ...rest }) => ({ ...rest, chatId: chat.id })));
    }
    return chat.id;
  });
}
