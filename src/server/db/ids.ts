/** Mints the prefixed IDs declared in lib/ids: 21 characters from nanoid's URL-safe alphabet carry 126 random bits. */
import { nanoid } from "nanoid";
import type { TIdPrefix } from "@/lib/ids";

export function newId(prefix: TIdPrefix): string {
  return `${prefix}_${nanoid()}`;
}
