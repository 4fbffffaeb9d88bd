/**
 * Standalone lorebooks: a CCv3 lorebook object, or SillyTavern's world-info JSON (`entries` keyed by id, with
 * `key`/`keysecondary` arrays and `order`, `disable`, `selectiveLogic`). Both become a CCv3 lorebook; fields
 * without a CCv3 home are kept under `extensions` so nothing is lost.
 */
import { ZLorebook, type TLorebook, type TSelectiveLogic } from "@/lib/character-card/card-schema";
import { describeIssue } from "./describe-issue";
import { CardImportError } from "./import-error";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** SillyTavern's positions 0/1 are before/after the character definition; the rest have no CCv3 equivalent. */
const ST_POSITIONS: Record<number, "before_char" | "after_char"> = { 0: "before_char", 1: "after_char" };
/** SillyTavern's selectiveLogic numbers: AND ANY, NOT ALL, NOT ANY, AND ALL. */
const ST_SELECTIVE_LOGIC: Record<number, TSelectiveLogic> = { 0: "and_any", 1: "not_all", 2: "not_any", 3: "and_all" };

function fromSillyTavernEntry(entry: Record<string, unknown>, fallbackId: string): Record<string, unknown> {
  const { key, keysecondary, content, comment, order, disable, constant, selective, selectiveLogic, position, uid, ...rest } = entry;
  return {
    keys: key,
    secondary_keys: keysecondary,
    content,
    comment,
    name: typeof comment === "string" ? comment.slice(0, 2000) : undefined,
    insertion_order: order,
    enabled: disable !== true,
    constant: constant === true,
    selective: selective === true,
    position: typeof position === "number" ? ST_POSITIONS[position] : undefined,
    id: uid ?? fallbackId,
    case_sensitive: typeof rest.caseSensitive === "boolean" ? rest.caseSensitive : undefined,
    use_regex: false,
    extensions: {
      ...(typeof selectiveLogic === "number" && ST_SELECTIVE_LOGIC[selectiveLogic] ? { selective_logic: ST_SELECTIVE_LOGIC[selectiveLogic] } : {}),
      sillytavern: { selectiveLogic, position, ...rest },
    },
  };
}

export function lorebookFromJsonValue(value: unknown): TLorebook {
  if (!isRecord(value)) throw new CardImportError("NOT_A_CARD", "This JSON is not a lorebook.");
  // A card's embedded book, exported on its own.
  const book = isRecord(value.data) && Array.isArray(value.data.entries) ? value.data : value;
  let candidate: unknown = book;
  if (isRecord(book.entries)) {
    candidate = {
      name: book.name,
      description: book.description,
      extensions: {},
      entries: Object.entries(book.entries).map(([id, entry]) => (isRecord(entry) ? fromSillyTavernEntry(entry, id) : entry)),
    };
  } else if (!Array.isArray(book.entries)) {
    throw new CardImportError("NOT_A_CARD", "This JSON is not a lorebook (no entries).");
  }
  const parsed = ZLorebook.safeParse(candidate);
  if (!parsed.success) throw new CardImportError("INVALID_FIELD", describeIssue(parsed.error.issues[0], "lorebook"));
  return parsed.data;
}
