/**
 * Prefixed IDs (`usr_…`, `ses_…`), as in the Engram design: a glance at an ID in a log or URL says what it
 * names. 21 characters from nanoid's URL-safe alphabet carry 126 random bits.
 */
import { nanoid } from "nanoid";
import { z } from "zod";

export type TIdPrefix = "usr" | "ses" | "chr" | "ast" | "lbe" | "per" | "prv" | "mdl" | "use" | "cht" | "msg" | "mem" | "shr" | "room" | "rpt" | "inv" | "pwr";

export function newId(prefix: TIdPrefix): string {
  return `${prefix}_${nanoid()}`;
}

/** The input schema for an ID of one kind, e.g. `ZIdOf("chr", "character")`: a clear refusal for anything else. */
export function ZIdOf(prefix: TIdPrefix, noun: string) {
  return z.string().regex(new RegExp(`^${prefix}_[\\w-]{1,64}$`), `Not ${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun} ID.`);
}
