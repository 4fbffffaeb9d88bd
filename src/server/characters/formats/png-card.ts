/** PNG / APNG character cards: base64 JSON in a `ccv3` tEXt chunk (preferred) and/or a V2 `chara` chunk. */
import type { TCharacterCardV3 } from "@/lib/character-card/card-schema";
import { CardImportError, readInsideContainer } from "./import-error";
import { cardFromJsonValue, cardToV2, parseJsonText } from "./json-card";
import { readPngTextChunks, writePngTextChunks } from "./png-chunks";

/** The card text inside the picture; when it does not read, the image is damaged, whatever JSON says. */
function decodeBase64Json(value: string): unknown {
  const text = Buffer.from(value.trim(), "base64").toString("utf8");
  return readInsideContainer(() => parseJsonText(text), new CardImportError("CORRUPT_IMAGE", "The image is damaged: the character card inside it cannot be read."));
}

export function parsePngCard(png: Buffer): TCharacterCardV3 {
  const texts = readPngTextChunks(png);
  const v3 = texts.get("ccv3");
  if (v3 !== undefined) return cardFromJsonValue(decodeBase64Json(v3));
  const v2 = texts.get("chara");
  if (v2 !== undefined) return cardFromJsonValue(decodeBase64Json(v2));
  throw new CardImportError("NOT_A_CARD", "This PNG image carries no character card.");
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64");

/** The picture with both a V2 `chara` and a V3 `ccv3` chunk, so every application can read it. */
export function writePngCard(picture: Buffer, card: TCharacterCardV3): Buffer {
  return writePngTextChunks(picture, { chara: encode(cardToV2(card)), ccv3: encode(card) });
}
