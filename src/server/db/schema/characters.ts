/**
 * The character library: cards with every Character Card V3 field, their lorebook entries, their assets in a
 * content-addressed blob store, and the user's personas. Every row carries user_id; queries filter by it.
 */
import { relations, sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { TLorebook } from "@/lib/character-card/card-schema";
import { newId } from "@/server/db/ids";
import { bytea, createdAt } from "./columns";
import { ownerId } from "./owner";

const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

/** Asset bytes by SHA-256: the same picture imported twice is stored once. Rows are shared, never user data. */
export const blobs = pgTable("blobs", {
  sha256: text("sha256").primaryKey(),
  content: bytea("content").notNull(),
  contentType: text("content_type").notNull(),
  byteSize: integer("byte_size").notNull(),
  createdAt: createdAt(),
});

/** A lorebook without its entries (they are rows); unknown fields of the imported book are kept here too. */
export type TLorebookSettings = Pick<TLorebook, "name" | "description" | "scan_depth" | "token_budget" | "recursive_scanning"> & {
  extensions: Record<string, unknown>;
  [field: string]: unknown;
};

export const characters = pgTable(
  "characters",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("chr")),
    userId: ownerId(),
    name: text("name").notNull(),
    nickname: text("nickname"),
    description: text("description").notNull().default(""),
    personality: text("personality").notNull().default(""),
    scenario: text("scenario").notNull().default(""),
    firstMessage: text("first_message").notNull().default(""),
    exampleDialogue: text("example_dialogue").notNull().default(""),
    systemPrompt: text("system_prompt").notNull().default(""),
    postHistoryInstructions: text("post_history_instructions").notNull().default(""),
    alternateGreetings: jsonb("alternate_greetings").$type<string[]>().notNull().default([]),
    groupOnlyGreetings: jsonb("group_only_greetings").$type<string[]>().notNull().default([]),
    creatorNotes: text("creator_notes").notNull().default(""),
    creatorNotesMultilingual: jsonb("creator_notes_multilingual").$type<Record<string, string>>(),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    creator: text("creator").notNull().default(""),
    characterVersion: text("character_version").notNull().default(""),
    source: jsonb("source").$type<string[]>(),
    /** The card's own dates (CCv3 `creation_date`, `modification_date`), not the row's. */
    cardCreatedAt: timestamp("card_created_at", { withTimezone: true }),
    cardModifiedAt: timestamp("card_modified_at", { withTimezone: true }),
    /** Kept verbatim: other applications' data must survive an import and export. */
    extensions: jsonb("extensions").$type<Record<string, unknown>>().notNull().default({}),
    /** The lorebook's own settings; its entries are rows of lorebook_entries. Null: no lorebook. */
    lorebook: jsonb("lorebook").$type<TLorebookSettings>(),
    avatarAssetId: text("avatar_asset_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("characters_user_id_updated_at_idx").on(table.userId, table.updatedAt),
    index("characters_tags_idx").using("gin", table.tags),
  ],
);

export const characterAssets = pgTable(
  "character_assets",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("ast")),
    userId: ownerId(),
    characterId: text("character_id")
      .notNull()
      .references(() => characters.id, { onDelete: "cascade" }),
    /** CCv3 asset type: icon, background, emotion, user_icon, other, … */
    type: text("type").notNull(),
    name: text("name").notNull(),
    ext: text("ext").notNull(),
    blobSha256: text("blob_sha256")
      .notNull()
      .references(() => blobs.sha256),
    /** A small WebP for list views, for image assets. */
    thumbnailSha256: text("thumbnail_sha256").references(() => blobs.sha256),
    width: integer("width"),
    height: integer("height"),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (table) => [index("character_assets_character_id_idx").on(table.characterId), index("character_assets_user_id_idx").on(table.userId)],
);

export const lorebookEntries = pgTable(
  "lorebook_entries",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("lbe")),
    userId: ownerId(),
    characterId: text("character_id")
      .notNull()
      .references(() => characters.id, { onDelete: "cascade" }),
    /** Order in the editor (entries can be reordered), distinct from insertion order in the prompt. */
    position: integer("position").notNull(),
    keys: text("keys").array().notNull().default(sql`'{}'::text[]`),
    secondaryKeys: text("secondary_keys").array(),
    content: text("content").notNull().default(""),
    enabled: boolean("enabled").notNull().default(true),
    insertionOrder: real("insertion_order").notNull().default(0),
    caseSensitive: boolean("case_sensitive"),
    useRegex: boolean("use_regex").notNull().default(false),
    constant: boolean("constant"),
    selective: boolean("selective"),
    priority: real("priority"),
    name: text("name"),
    comment: text("comment"),
    placement: text("placement").$type<"before_char" | "after_char">(),
    /** The entry's id in the card it came from. */
    sourceId: text("source_id"),
    extensions: jsonb("extensions").$type<Record<string, unknown>>().notNull().default({}),
    /** Fields of the imported entry that CCv3 does not define, so an export gives them back. */
    unknownFields: jsonb("unknown_fields").$type<Record<string, unknown>>().notNull().default({}),
  },
  (table) => [index("lorebook_entries_character_id_position_idx").on(table.characterId, table.position)],
);

export const personas = pgTable(
  "personas",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("per")),
    userId: ownerId(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    avatarSha256: text("avatar_sha256").references(() => blobs.sha256),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("personas_user_id_idx").on(table.userId),
    // At most one default persona per user.
    uniqueIndex("personas_one_default_per_user_idx").on(table.userId).where(sql`${table.isDefault}`),
  ],
);

export const charactersRelations = relations(characters, ({ many }) => ({
  assets: many(characterAssets),
  lorebookEntries: many(lorebookEntries),
}));

export const characterAssetsRelations = relations(characterAssets, ({ one }) => ({
  character: one(characters, { fields: [characterAssets.characterId], references: [characters.id] }),
  blob: one(blobs, { fields: [characterAssets.blobSha256], references: [blobs.sha256] }),
}));

export const lorebookEntriesRelations = relations(lorebookEntries, ({ one }) => ({
  character: one(characters, { fields: [lorebookEntries.characterId], references: [characters.id] }),
}));
