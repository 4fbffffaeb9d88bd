/**
 * Chats with characters. A message row is one version of one turn: the turn's position is `sequence`, and
 * its alternative replies (swipes) share that sequence with different `swipe` numbers; exactly one is
 * `selected`, and the prompt and the page use the selected ones. Memories are a per-chat LRU set.
 */
import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { TCostCode } from "@/lib/llm/provider-kinds";
import { newId } from "@/server/db/ids";
import { characters, personas } from "./characters";
import { createdAt } from "./columns";
import { ownerId } from "./owner";


export const chats = pgTable(
  "chats",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("cht")),
    userId: ownerId(),
    characterId: text("character_id")
      .notNull()
      .references(() => characters.id, { onDelete: "cascade" }),
    personaId: text("persona_id").references(() => personas.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    /** True until the user renames the chat; automatic titles only replace automatic titles. */
    titleIsAuto: boolean("title_is_auto").notNull().default(true),
    archived: boolean("archived").notNull().default(false),
    forkedFromChatId: text("forked_from_chat_id"),
    /** Bumped by every change to the chat's messages, so a cached copy of its turns knows when it is stale. */
    revision: integer("revision").notNull().default(0),
    createdAt: createdAt(),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("chats_user_id_last_message_at_idx").on(table.userId, table.lastMessageAt)],
);

export type TMessageStatus = "complete" | "stopped" | "error";

export const messages = pgTable(
  "messages",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("msg")),
    userId: ownerId(),
    chatId: text("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    sequence: integer("sequence").notNull(),
    swipe: integer("swipe").notNull().default(0),
    selected: boolean("selected").notNull().default(true),
    role: text("role").$type<"user" | "assistant">().notNull(),
    /**
     * Who said a user-side line that the person did not write: another participant or their character, in a
     * room transcript saved as a chat. Null for the person's own messages (named by the chat's persona).
     */
    speakerName: text("speaker_name"),
    content: text("content").notNull(),
    reasoning: text("reasoning"),
    /** Token estimate of `content`, stored so trimming history to the context window needs no tokenizer. */
    tokens: integer("tokens").notNull(),
    translatedContent: text("translated_content"),
    translatedLanguage: text("translated_language"),
    showTranslation: boolean("show_translation").notNull().default(false),
    status: text("status").$type<TMessageStatus>().notNull().default("complete"),
    error: text("error"),
    /** The generator of an assistant reply. */
    providerLabel: text("provider_label"),
    modelId: text("model_id"),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    reasoningTokens: integer("reasoning_tokens"),
    costMicros: bigint("cost_micros", { mode: "number" }),
    costCode: text("cost_code").$type<TCostCode>(),
    latencyMs: integer("latency_ms"),
    createdAt: createdAt(),
    editedAt: timestamp("edited_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("messages_chat_id_sequence_swipe_idx").on(table.chatId, table.sequence, table.swipe),
    uniqueIndex("messages_one_selected_per_turn_idx").on(table.chatId, table.sequence).where(sql`${table.selected}`),
  ],
);

export const memories = pgTable(
  "memories",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("mem")),
    userId: ownerId(),
    chatId: text("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    contentHash: text("content_hash").notNull(),
    content: text("content").notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("memories_chat_id_content_hash_idx").on(table.chatId, table.contentHash)],
);
