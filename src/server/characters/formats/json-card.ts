/** JSON cards in every version in the wild: V1 (plain fields), V2 (`chara_card_v2`) and V3 (`chara_card_v3`). */
import { withoutNulCharactersDeep } from "@/lib/text/nul-characters";
import { ZCharacterCardData, type TCharacterCardV3 } from "@/lib/character-card/card-schema";
import { describeIssue } from "./describe-issue";
import { CardImportError } from "./import-error";

export const MAX_CARD_JSON_BYTES = 10 * 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseData(data: unknown): TCharacterCardV3["data"] {
  const parsed = ZCharacterCardData.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new CardImportError("INVALID_FIELD", describeIssue(parsed.error.issues[0], "card"));
}

/** Any card-shaped JSON value, upgraded to V3. */
export function cardFromJsonValue(value: unknown): TCharacterCardV3 {
  if (!isRecord(value)) throw new CardImportError("NOT_A_CARD", "This JSON is not a character card.");
  if (value.spec === "chara_card_v3") {
    return { spec: "chara_card_v3", spec_version: "3.0", data: parseData(value.data) };
  }
  if (value.spec === "chara_card_v2") {
    // V3 is a superset of V2; the fields V2 lacks take their empty defaults.
    return { spec: "chara_card_v3", spec_version: "3.0", data: parseData(value.data) };
  }
  if (value.spec === undefined && typeof value.name === "string" && ("description" in value || "first_mes" in value || "personality" in value)) {
    const { name, description, personality, scenario, first_mes, mes_example } = value;
    return {
      spec: "chara_card_v3",
      spec_version: "3.0",
      data: parseData({ name, description, personality, scenario, first_mes, mes_example }),
    };
  }
  throw new CardImportError("NOT_A_CARD", "This JSON is not a character card (no V1, V2 or V3 card fields).");
}

/** Cards from elsewhere sometimes carry NUL characters, which the database cannot store: they are dropped. */
export function parseJsonText(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new CardImportError("INVALID_JSON", "The file is not valid JSON.");
  }
  return withoutNulCharactersDeep(parsed);
}

export function parseCardJson(bytes: Uint8Array): TCharacterCardV3 {
  if (bytes.length > MAX_CARD_JSON_BYTES) throw new CardImportError("TOO_LARGE", "Card JSON can be at most 10 MiB.");
  return cardFromJsonValue(parseJsonText(new TextDecoder("utf-8", { fatal: false }).decode(bytes)));
}

export function cardToJson(card: TCharacterCardV3): string {
  return JSON.stringify(card, null, 2);
}

const V2_FIELDS = [
  "name",
  "description",
  "personality",
  "scenario",
  "first_mes",
  "mes_example",
  "creator_notes",
  "system_prompt",
  "post_history_instructions",
  "alternate_greetings",
  "character_book",
  "tags",
  "creator",
  "character_version",
  "extensions",
] as const;

export type TCharacterCardV2 = { spec: "chara_card_v2"; spec_version: "2.0"; data: Record<string, unknown> };

/** The V2 backfill written beside V3 in PNG cards, for applications that only read `chara`. */
export function cardToV2(card: TCharacterCardV3): TCharacterCardV2 {
  const data: Record<string, unknown> = {};
  for (const field of V2_FIELDS) if (card.data[field] !== undefined) data[field] = card.data[field];
  return { spec: "chara_card_v2", spec_version: "2.0", data };
}

