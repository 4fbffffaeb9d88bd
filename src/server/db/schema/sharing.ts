/**
 * Peer-to-peer share links. The files never touch the server: a row only says what is offered (the manifest),
 * who offers it (owner, and the uploader's current peer id), whether a password guards it (argon2id hash), and
 * how long it lives (a hard expiry, and the uploader page's last heartbeat).
 */
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { TShareManifest } from "@/lib/share/manifest";
import { newId } from "@/server/db/ids";
import { createdAt } from "./columns";
import { ownerId } from "./owner";

export const fileShareChannels = pgTable(
  "file_share_channels",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("shr")),
    userId: ownerId(),
    shortSlug: text("short_slug").notNull(),
    longSlug: text("long_slug").notNull(),
    manifest: jsonb("manifest").$type<TShareManifest>().notNull(),
    fileCount: integer("file_count").notNull(),
    totalBytes: bigint("total_bytes", { mode: "number" }).notNull(),
    passwordHash: text("password_hash"),
    /** Null until the uploader's page has registered its peer. */
    uploaderPeerId: text("uploader_peer_id"),
    downloadCount: integer("download_count").notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    renewedAt: timestamp("renewed_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("file_share_channels_short_slug_idx").on(table.shortSlug),
    uniqueIndex("file_share_channels_long_slug_idx").on(table.longSlug),
    index("file_share_channels_user_id_idx").on(table.userId),
    index("file_share_channels_expires_at_idx").on(table.expiresAt),
  ],
);
