/**
 * How long one chat message may be: a server rule (the reply route and message edits refuse longer text) that
 * the composer shows as it is typed, so a long message is never cut or refused by surprise. Lengths are
 * counted as JavaScript counts them (UTF-16 units), the same on both ends.
 */
import { z } from "zod";

export const MAX_MESSAGE_CHARACTERS = 20_000;

/** The composer starts counting this many characters before the limit. */
export const MESSAGE_COUNTER_FROM = MAX_MESSAGE_CHARACTERS - 2_000;

const limitText = MAX_MESSAGE_CHARACTERS.toLocaleString("en-US");

export const MESSAGE_TOO_LONG = `A message can be at most ${limitText} characters. Shorten it or send it in parts.`;

/** What the composer shows under the box for a draft of `length` characters: nothing, a count, or the refusal. */
export function messageLengthNotice(length: number): { count: string; tooLong: boolean } | null {
  if (length < MESSAGE_COUNTER_FROM) return null;
  return { count: `${length.toLocaleString("en-US")} / ${limitText}`, tooLong: length > MAX_MESSAGE_CHARACTERS };
}

/** A message's text as every input takes it (sent, edited, or held by an incognito chat). */
export const ZMessageContent = z.string().max(MAX_MESSAGE_CHARACTERS, MESSAGE_TOO_LONG);
