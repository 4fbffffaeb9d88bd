/**
 * Link names, for share links and rooms alike. The short slug is 12 base58 characters from the CSPRNG (≈70 bits:
 * unguessable, and no 0/O/I/l to misread); the long one adds two words a person can read aloud, over 8 more
 * random characters.
 */
import { randomInt } from "node:crypto";
import { z } from "zod";
import { BASE58_ALPHABET } from "@/lib/base58";

export const SHORT_SLUG_LENGTH = 12;

const ADJECTIVES = "amber azure brave bright calm clever coral crisp dapper eager fancy gentle golden happy hidden humble jolly keen lively lucky mellow merry misty noble quiet rapid rosy rustic silent silver sleepy snowy sunny swift tidy velvet vivid warm wild witty".split(" ");
const NOUNS = "badger beacon breeze brook canyon cedar comet coral cricket dune ember falcon fern finch fjord glacier harbor heron island lantern maple meadow meteor otter pebble pine quartz raven reef river robin sparrow spruce summit thistle tiger tulip walrus willow".split(" ");

function randomBase58(length: number): string {
  let result = "";
  for (let index = 0; index < length; index++) result += BASE58_ALPHABET.charAt(randomInt(BASE58_ALPHABET.length));
  return result;
}

export function newShortSlug(): string {
  return randomBase58(SHORT_SLUG_LENGTH);
}

export function newLongSlug(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${randomBase58(8)}`;
}

/** Either slug, and nothing else: no path characters reach a query. */
export const SLUG_PATTERN = /^(?:[1-9A-HJ-NP-Za-km-z]{10,32}|[a-z]{2,12}-[a-z]{2,12}-[1-9A-HJ-NP-Za-km-z]{8})$/;

/** A slug as one kind of link takes it; `refusal` names the kind ("Not a room link."). */
export function slugSchema(refusal: string) {
  return z.string().regex(SLUG_PATTERN, refusal);
}
