/**
 * Link names for shares. The short slug is 12 base58 characters from the CSPRNG (≈70 bits: unguessable, and no
 * 0/O/I/l to misread); the long one adds two words a person can read aloud, over 8 more random characters.
 */
import { randomInt } from "node:crypto";
import { BASE58_ALPHABET } from "@/lib/base58";
export const SHORT_SLUG_LENGTH = 12;

const ADJECTIVES = "amber azure brave bright calm clever coral crisp dapper eager fancy gentle golden happy hidden humble jolly keen lively lucky mellow merry misty noble quiet rapid rosy rustic silent silver sleepy snowy sunny swift tidy velvet vivid warm wild witty".split(" ");
const NOUNS = "badger beacon breeze brook canyon cedar comet coral cricket dune ember falcon fern finch fjord glacier harbor heron island lantern maple meadow meteor otter pebble pine quartz raven reef river robin sparrow spruce summit thistle tiger tulip walrus willow".split(" ");

export function base58(length: number): string {
  let result = "";
  for (let index = 0; index < length; index++) result += BASE58_ALPHABET.charAt(randomInt(BASE58_ALPHABET.length));
  return result;
}

export function newShortSlug(): string {
  return base58(SHORT_SLUG_LENGTH);
}

export function newLongSlug(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${base58(8)}`;
}

export const ZSlug = /^(?:[1-9A-HJ-NP-Za-km-z]{10,32}|[a-z]{2,12}-[a-z]{2,12}-[1-9A-HJ-NP-Za-km-z]{8})$/;
