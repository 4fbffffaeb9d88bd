/**
 * Character Card V3 as Coterie stores it: every field of the spec (kwaroran/character-card-spec-v3), with
 * `extensions` and unknown lorebook fields kept verbatim so an export gives back what was imported.
 * Cards from the wild are often sloppy; the schemas coerce what is safe to coerce (null → "", a lone string
 * → [string]) and refuse what is not (an object where text belongs).
 */
import { z } from "zod";

/** Caps that keep one card from becoming a denial of service; real cards are far below them. */
export const CARD_LIMITS = {
  textField: 200_000,
  shortField: 2_000,
  listItems: 1_000,
  lorebookEntries: 5_000,
} as const;

const text = (max: number = CARD_LIMITS.textField) =>
  z.preprocess((value) => value ?? "", z.string().max(max));

const textList = z.preprocess(
  (value) => (value === null || value === undefined ? [] : typeof value === "string" ? [value] : value),
  z.array(z.string().max(CARD_LIMITS.textField)).max(CARD_LIMITS.listItems),
);

const extensions = z.preprocess((value) => value ?? {}, z.record(z.string(), z.unknown()));

const optionalNumber = z.preprocess(
  (value) => (value === null || value === "" ? undefined : typeof value === "string" ? Number(value) : value),
  z.number().finite().optional(),
);

/**
 * How secondary keys combine with a selective entry's primary match. CCv3 has only `selective`; the finer
 * logic (SillyTavern's) lives in the entry's extensions as `selective_logic`, where other apps ignore it.
 */
export const SELECTIVE_LOGIC = ["and_any", "and_all", "not_any", "not_all"] as const;
export type TSelectiveLogic = (typeof SELECTIVE_LOGIC)[number];

export function selectiveLogicOf(extensions: Record<string, unknown>): TSelectiveLogic {
  const value = extensions.selective_logic;
  return SELECTIVE_LOGIC.find((logic) => logic === value) ?? "and_any";
}

export const ZLorebookEntry = z
  .object({
    keys: textList,
    content: text(),
    extensions,
    enabled: z.boolean().default(true),
    insertion_order: z.preprocess((value) => value ?? 0, z.number().finite()),
    case_sensitive: z.boolean().optional(),
    use_regex: z.boolean().default(false),
    constant: z.boolean().optional(),
    name: z.string().max(CARD_LIMITS.shortField).optional(),
    priority: optionalNumber,
    id: z.preprocess((value) => (typeof value === "number" ? String(value) : value), z.string().max(200).optional()),
    comment: z.string().max(CARD_LIMITS.textField).optional(),
    selective: z.boolean().optional(),
    secondary_keys: textList.optional(),
    position: z.enum(["before_char", "after_char"]).optional().catch(undefined),
  })
  .loose();

export const ZLorebook = z
  .object({
    name: z.string().max(CARD_LIMITS.shortField).optional(),
    description: z.string().max(CARD_LIMITS.textField).optional(),
    scan_depth: optionalNumber,
    token_budget: optionalNumber,
    recursive_scanning: z.boolean().optional(),
    extensions,
    entries: z.array(ZLorebookEntry).max(CARD_LIMITS.lorebookEntries),
  })
  .loose();

export const ZCardAsset = z.object({
  type: z.string().max(100),
  uri: z.string().max(CARD_LIMITS.textField),
  name: z.string().max(CARD_LIMITS.shortField),
  ext: z.string().max(20),
});

export const ZCharacterCardData = z.object({
  name: z.string().trim().min(1, "The card has no name.").max(CARD_LIMITS.shortField),
  description: text(),
  tags: textList,
  creator: text(CARD_LIMITS.shortField),
  character_version: text(CARD_LIMITS.shortField),
  mes_example: text(),
  extensions,
  system_prompt: text(),
  post_history_instructions: text(),
  first_mes: text(),
  alternate_greetings: textList,
  personality: text(),
  scenario: text(),
  creator_notes: text(),
  character_book: ZLorebook.optional(),
  assets: z.array(ZCardAsset).max(CARD_LIMITS.listItems).optional(),
  nickname: z.string().max(CARD_LIMITS.shortField).optional(),
  creator_notes_multilingual: z.record(z.string().max(10), z.string().max(CARD_LIMITS.textField)).optional(),
  source: textList.optional(),
  group_only_greetings: textList,
  creation_date: optionalNumber,
  modification_date: optionalNumber,
});

export const ZCharacterCardV3 = z.object({
  spec: z.literal("chara_card_v3"),
  spec_version: z.string().max(20),
  data: ZCharacterCardData,
});

export type TLorebookEntry = z.infer<typeof ZLorebookEntry>;
export type TLorebook = z.infer<typeof ZLorebook>;
export type TCardAsset = z.infer<typeof ZCardAsset>;
export type TCharacterCardData = z.infer<typeof ZCharacterCardData>;
export type TCharacterCardV3 = z.infer<typeof ZCharacterCardV3>;

/** A card with nothing written on it yet, as the editor starts a new character. */
export function blankCardData(name = ""): Omit<TCharacterCardData, "assets" | "character_book"> {
  return {
    name,
    description: "",
    tags: [],
    creator: "",
    character_version: "",
    mes_example: "",
    extensions: {},
    system_prompt: "",
    post_history_instructions: "",
    first_mes: "",
    alternate_greetings: [],
    personality: "",
    scenario: "",
    creator_notes: "",
    group_only_greetings: [],
  };
}
