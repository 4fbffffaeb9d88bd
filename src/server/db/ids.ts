/**
 * Prefixed IDs (`usr_…`, `ses_…`), as in the Engram design: a glance at an ID in a log or URL says what it
 * names. 21 characters from nanoid's URL-safe alphabet carry 126 random bits.
 */
import { nanoid } from "nanoid";

export type TIdPrefix = "usr" | "ses" | "chr" | "ast" | "lbe" | "per" | "prv" | "mdl" | "use" | "cht" | "msg" | "mem" | "shr";

export function newId(prefix: TIdPrefix): string {
  return `${prefix}_${nanoid()}`;
}
