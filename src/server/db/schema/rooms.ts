/**
 * Rooms (peer-to-peer "Connect" sessions). Messages never touch the server: the host's browser is the arbiter
 * and keeps the transcript. A row here says the room exists, who hosts it and until when, and who has taken
 * part (with the character each brought), so the server can enforce the participant limit and issue the
 * tickets that let peers into the room.
 */
import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, real, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { TTurnPolicy } from "@/lib/rooms/turn-policy";
import { newId } from "@/server/db/ids";
import { characters, personas } from "./characters";
import { createdAt } from "./columns";
import { users } from "./identity";
import { ownerId } from "./owner";

export const connectSessions = pgTable(
  "connect_sessions",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("room")),
    /** The host. */
    userId: ownerId(),
    title: text("title").notNull(),
    shortSlug: text("short_slug").notNull(),
    longSlug: text("long_slug").notNull(),
    maxParticipants: integer("max_participants").notNull().default(8),
    isPublic: boolean("is_public").notNull().default(false),
    turnPolicy: text("turn_policy").$type<TTurnPolicy>().notNull().default("natural"),
    maxAiRepliesPerMessage: integer("max_ai_replies_per_message").notNull().default(3),
    /** Null until the host page opens the room; a second host page (a reload) closes it (joinRoom, in server/rooms/seats.ts). */
    hostPeerId: text("host_peer_id"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** The host page's last heartbeat: a room whose host page is gone is closed. */
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("connect_sessions_short_slug_idx").on(table.shortSlug),
    uniqueIndex("connect_sessions_long_slug_idx").on(table.longSlug),
    index("connect_sessions_user_id_idx").on(table.userId),
    index("connect_sessions_expires_at_idx").on(table.expiresAt),
  ],
);

export const connectParticipants = pgTable(
  "connect_participants",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("rpt")),
    sessionId: text("session_id")
      .notNull()
      .references(() => connectSessions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The person's name as the room shows it. */
    displayName: text("display_name").notNull(),
    peerId: text("peer_id").notNull(),
    isHost: boolean("is_host").notNull().default(false),
    /** A character from the participant's library, or null for a quick character described below. */
    characterId: text("character_id").references(() => characters.id, { onDelete: "set null" }),
    characterName: text("character_name").notNull(),
    /** A small data: URL image (at most ~64 KB), so every peer can show it without access to the library. */
    characterThumbnail: text("character_thumbnail"),
    /** A quick character's short description (a library character's card is read from the library). */
    characterDescription: text("character_description").notNull().default(""),
    /** Who the person is to the characters ({{user}}); null: no persona, they are called by their display name. */
    personaId: text("persona_id").references(() => personas.id, { onDelete: "set null" }),
    /** How readily the character speaks up under the natural turn policy, 0–1. */
    talkativeness: real("talkativeness").notNull().default(0.5),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
    leftAt: timestamp("left_at", { withTimezone: true }),
    /** Set when the host removed this participant; a kicked participant cannot join again. */
    kickedAt: timestamp("kicked_at", { withTimezone: true }),
  },
  (table) => [
    index("connect_participants_session_idx").on(table.sessionId),
    // One seat per person per room: a reload or a second join reuses it.
    uniqueIndex("connect_participants_session_user_idx").on(table.sessionId, table.userId),
    index("connect_participants_active_idx").on(table.sessionId).where(sql`${table.leftAt} is null`),
  ],
);
