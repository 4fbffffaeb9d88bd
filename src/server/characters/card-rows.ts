/** Between a V3 card and Coterie's rows: one character row plus one row per lorebook entry, and back. */
import type { TCardAsset, TCharacterCardV3, TLorebookEntry } from "@/lib/character-card/card-schema";
import type { characters, lorebookEntries, TLorebookSettings } from "@/server/db/schema";

type TCharacterInsert = Omit<typeof characters.$inferInsert, "userId">;
type TEntryInsert = Omit<typeof lorebookEntries.$inferInsert, "userId" | "characterId">;
type TCharacterRow = typeof characters.$inferSelect;
type TEntryRow = typeof lorebookEntries.$inferSelect;

const fromUnixSeconds = (seconds: number | undefined) => (seconds === undefined ? null : new Date(seconds * 1000));
const toUnixSeconds = (date: Date | null) => (date ? Math.round(date.getTime() / 1000) : undefined);

const KNOWN_ENTRY_FIELDS = new Set([
  "keys", "content", "extensions", "enabled", "insertion_order", "case_sensitive", "use_regex", "constant",
  "name", "priority", "id", "comment", "selective", "secondary_keys", "position",
]);

export function entryToRow(entry: TLorebookEntry, position: number): TEntryInsert {
  const unknownFields = Object.fromEntries(Object.entries(entry).filter(([field]) => !KNOWN_ENTRY_FIELDS.has(field)));
  return {
    position,
    keys: entry.keys,
    secondaryKeys: entry.secondary_keys ?? null,
    content: entry.content,
    enabled: entry.enabled,
    insertionOrder: entry.insertion_order,
    caseSensitive: entry.case_sensitive ?? null,
    useRegex: entry.use_regex,
    constant: entry.constant ?? null,
    selective: entry.selective ?? null,
    priority: entry.priority ?? null,
    name: entry.name ?? null,
    comment: entry.comment ?? null,
    placement: entry.position ?? null,
    sourceId: entry.id ?? null,
    extensions: entry.extensions,
    unknownFields,
  };
}

function lorebookSettings(book: NonNullable<TCharacterCardV3["data"]["character_book"]>): TLorebookSettings {
  const { entries: _entries, extensions, ...settings } = book;
  return { ...settings, extensions };
}

export function cardToRows(card: TCharacterCardV3): { character: TCharacterInsert; entries: TEntryInsert[] } {
  const data = card.data;
  const book = data.character_book;
  const entries = book?.entries ?? [];
  return {
    character: {
      name: data.name,
      nickname: data.nickname ?? null,
      description: data.description,
      personality: data.personality,
      scenario: data.scenario,
      firstMessage: data.first_mes,
      exampleDialogue: data.mes_example,
      systemPrompt: data.system_prompt,
      postHistoryInstructions: data.post_history_instructions,
      alternateGreetings: data.alternate_greetings,
      groupOnlyGreetings: data.group_only_greetings,
      creatorNotes: data.creator_notes,
      creatorNotesMultilingual: data.creator_notes_multilingual ?? null,
      tags: data.tags,
      creator: data.creator,
      characterVersion: data.character_version,
      source: data.source ?? null,
      cardCreatedAt: fromUnixSeconds(data.creation_date),
      cardModifiedAt: fromUnixSeconds(data.modification_date),
      extensions: data.extensions,
      lorebook: book ? lorebookSettings(book) : null,
    },
    entries: entries.map((entry, index) => entryToRow(entry, index)),
  };
}

export function rowToEntry(row: TEntryRow): TLorebookEntry {
  const entry: TLorebookEntry = {
    ...row.unknownFields,
    keys: row.keys,
    content: row.content,
    extensions: row.extensions,
    enabled: row.enabled,
    insertion_order: row.insertionOrder,
    use_regex: row.useRegex,
  };
  if (row.caseSensitive !== null) entry.case_sensitive = row.caseSensitive;
  if (row.constant !== null) entry.constant = row.constant;
  if (row.name !== null) entry.name = row.name;
  if (row.priority !== null) entry.priority = row.priority;
  if (row.sourceId !== null) entry.id = row.sourceId;
  if (row.comment !== null) entry.comment = row.comment;
  if (row.selective !== null) entry.selective = row.selective;
  if (row.secondaryKeys !== null) entry.secondary_keys = row.secondaryKeys;
  if (row.placement !== null) entry.position = row.placement;
  return entry;
}

export function rowsToCard(character: TCharacterRow, entries: TEntryRow[], assets: TCardAsset[] | undefined): TCharacterCardV3 {
  const data: TCharacterCardV3["data"] = {
    name: character.name,
    description: character.description,
    tags: character.tags,
    creator: character.creator,
    character_version: character.characterVersion,
    mes_example: character.exampleDialogue,
    extensions: character.extensions,
    system_prompt: character.systemPrompt,
    post_history_instructions: character.postHistoryInstructions,
    first_mes: character.firstMessage,
    alternate_greetings: character.alternateGreetings,
    personality: character.personality,
    scenario: character.scenario,
    creator_notes: character.creatorNotes,
    group_only_greetings: character.groupOnlyGreetings,
  };
  if (character.lorebook) {
    data.character_book = { ...character.lorebook, entries: [...entries].sort((a, b) => a.position - b.position).map(rowToEntry) };
  }
  if (assets) data.assets = assets;
  if (character.nickname !== null) data.nickname = character.nickname;
  if (character.creatorNotesMultilingual) data.creator_notes_multilingual = character.creatorNotesMultilingual;
  if (character.source) data.source = character.source;
  const created = toUnixSeconds(character.cardCreatedAt);
  const modified = toUnixSeconds(character.cardModifiedAt);
  if (created !== undefined) data.creation_date = created;
  if (modified !== undefined) data.modification_date = modified;
  return { spec: "chara_card_v3", spec_version: "3.0", data };
}
