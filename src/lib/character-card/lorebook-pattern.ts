/**
 * Lorebook regex keys (`use_regex`): one compiler for the server's activation and the browser's editor.
 *
 * Patterns come from cards anyone can import, so they run on re2js, a pure-JavaScript port of RE2: matching is
 * linear in the input (no backtracking, so `^(a+)+$` cannot take minutes), it runs unchanged in Node and the
 * browser, and it needs no native build. Its price is RE2's syntax: lookahead and backreferences cannot be
 * matched in linear time and are refused; re2js does run captureless lookbehind in linear time (its
 * LOOKBEHINDS mode), so `(?<=…)` and `(?<!…)` work. Keys are written in JavaScript's syntax, as SillyTavern's
 * are (`/pattern/flags` or a bare pattern); re2js translates the JavaScript-only escapes and group names.
 * A refused key never matches, and the refusal says why in a sentence the editor shows beside the key.
 */
import { RE2JS, RE2JSSyntaxException } from "re2js";

/** Longer than any key a lorebook needs (a 1,000-character pattern is an alternation of ~150 names). */
export const MAX_PATTERN_LENGTH = 1_000;

/**
 * What one run costs grows with the compiled program, and a short key can compile to a huge one
 * (`[ab]{1,1000}` is 2,000 instructions). Text, classes and alternatives compile to about one instruction per
 * character, so patterns within the length cap fit with room to spare; large repetition counts do not. Within
 * this and the text cap, a run on input built to defeat re2js's fast paths took up to about 0.4 s on a busy
 * two-core machine; real keys on real text take well under a millisecond.
 */
export const MAX_PATTERN_PROGRAM_SIZE = 1_200;

/**
 * A pattern runs on at most the most recent 20,000 characters of the scanned text (about 5,000 tokens, more
 * than the last few messages a lorebook scans hold in a normal chat), so its cost does not grow with history.
 */
export const MAX_SCANNED_CHARACTERS = 20_000;

export type TLorebookPattern = { ok: true; test: (text: string) => boolean } | { ok: false; refusal: string };

const LINEAR_ENGINE = "Coterie runs lorebook patterns on a linear-time engine";

/** JavaScript's flags as RE2 options. RE2 always matches by code point, as `u` asks; `g` and `y` mean nothing to a yes/no match. */
const FLAG_OPTIONS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, u: 0, g: 0, y: 0 };

function refused(refusal: string): TLorebookPattern {
  return { ok: false, refusal };
}

/**
 * Finds what RE2 cannot do before it is asked, so the refusal names the construct instead of quoting a parser
 * error. Reads the pattern as JavaScript does: escapes skip a character, and `(` means nothing inside `[…]`.
 */
function unsupportedConstruct(pattern: string): string | null {
  let inClass = false;
  for (let at = 0; at < pattern.length; at++) {
    const char = pattern[at];
    if (char === "\\") {
      const next = pattern[at + 1] ?? "";
      if (!inClass && /[1-9]/.test(next)) return `The backreference \\${next} is not supported: ${LINEAR_ENGINE}.`;
      if (!inClass && next === "k" && pattern[at + 2] === "<") return `The backreference \\k<…> is not supported: ${LINEAR_ENGINE}.`;
      at++;
    } else if (inClass) {
      if (char === "]") inClass = false;
    } else if (char === "[") {
      inClass = true;
    } else if (char === "(" && pattern[at + 1] === "?") {
      if (pattern[at + 2] === "=") return `Lookahead (?=…) is not supported: ${LINEAR_ENGINE}.`;
      if (pattern[at + 2] === "!") return `Negative lookahead (?!…) is not supported: ${LINEAR_ENGINE}.`;
    }
  }
  return null;
}

/** RE2's parser errors as sentences; the rare ones keep the parser's own words. */
function syntaxRefusal(error: RE2JSSyntaxException): string {
  const description = error.getDescription();
  if (description === "invalid capture in lookbehind") return "A lookbehind cannot contain a capturing group: write (?:…) inside it.";
  if (description === "invalid repeat count") return "Repetition counts are limited to 1,000, nested repetitions multiplied together.";
  if (description === "expression too large" || description === "expression nests too deeply") return "This pattern is too large to match safely; simplify it.";
  const where = error.getPattern();
  return `This is not a valid regular expression: ${description}${where ? `, at “${where}”` : ""}.`;
}

/** The most recent part of the text, never starting halfway through a surrogate pair. */
function recentPart(text: string): string {
  if (text.length <= MAX_SCANNED_CHARACTERS) return text;
  let start = text.length - MAX_SCANNED_CHARACTERS;
  const code = text.charCodeAt(start);
  if (code >= 0xdc00 && code <= 0xdfff) start++;
  return text.slice(start);
}

/** Compiles a lorebook key written as `/pattern/flags` or as a bare pattern. */
export function compileLorebookPattern(key: string): TLorebookPattern {
  if (key.trim() === "") return refused("An empty pattern would match every message, so it is ignored.");
  if (key.length > MAX_PATTERN_LENGTH) {
    return refused(`This pattern is ${key.length.toLocaleString("en-US")} characters long; lorebook patterns are limited to ${MAX_PATTERN_LENGTH.toLocaleString("en-US")}.`);
  }
  const literal = /^\/(.+)\/([a-zA-Z]*)$/s.exec(key);
  const pattern = literal ? (literal[1] ?? "") : key;
  let options = RE2JS.LOOKBEHINDS;
  for (const flag of literal?.[2] ?? "") {
    const option = FLAG_OPTIONS[flag];
    if (option === undefined) return refused(`The flag ${flag} is not supported: use i, m, s or u (g and y are ignored).`);
    options |= option;
  }
  const unsupported = unsupportedConstruct(pattern);
  if (unsupported) return refused(unsupported);

  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(RE2JS.translateRegExp(pattern), options);
  } catch (error) {
    return refused(error instanceof RE2JSSyntaxException ? syntaxRefusal(error) : "This is not a valid regular expression.");
  }
  if (compiled.programSize() > MAX_PATTERN_PROGRAM_SIZE) {
    return refused("This pattern compiles too large to match quickly: shorten it or use smaller repetition counts.");
  }
  return { ok: true, test: (text) => compiled.test(recentPart(text)) };
}
