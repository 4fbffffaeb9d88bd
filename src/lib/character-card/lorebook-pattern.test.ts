import { describe, expect, it } from "vitest";
import { compileLorebookPattern, MAX_PATTERN_LENGTH, MAX_SCANNED_CHARACTERS, type TLorebookPattern } from "./lorebook-pattern";

function matcher(key: string): (text: string) => boolean {
  const pattern = compileLorebookPattern(key);
  if (!pattern.ok) throw new Error(`expected ${key} to compile, but: ${pattern.refusal}`);
  return pattern.test;
}

function refusal(key: string): string {
  const pattern: TLorebookPattern = compileLorebookPattern(key);
  if (pattern.ok) throw new Error(`expected ${key} to be refused`);
  return pattern.refusal;
}

function millisecondsFor(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

describe("compileLorebookPattern", () => {
  // Each input is as long as a pattern ever sees, and the match fails: a backtracking engine explodes only
  // then, trying every way to split the text before it gives up. Timed with `new RegExp(key).test(input)` on
  // the development machine (Node 20): `^(a+)+$` took 0.6 s on 27 a's and "!", doubling with each further a;
  // `(a|aa)+$` took 0.3 s on 35 a's and "!", growing 1.6-fold with each; `(.*a){20}` took 8 ms for one line
  // of 19 a's (`.` stops at the line break), doubling with each further a, and as much again for every line.
  // So on the inputs below the first two would outlast the universe and the third would take about 8 s;
  // re2js needs a few milliseconds for each.
  const catastrophic: [string, string][] = [
    ["^(a+)+$", `${"a".repeat(MAX_SCANNED_CHARACTERS - 1)}!`],
    ["(a|aa)+$", `${"a".repeat(MAX_SCANNED_CHARACTERS - 1)}!`],
    ["(.*a){20}", `${"a".repeat(19)}\n`.repeat(MAX_SCANNED_CHARACTERS / 20)],
  ];
  it.each(catastrophic)("runs %s on adversarial input in linear time", (key, input) => {
    const test = matcher(key);
    let matched = true;
    expect(millisecondsFor(() => (matched = test(input)))).toBeLessThan(1_000);
    expect(matched).toBe(false);
  });

  it("runs the costliest pattern the caps allow over the most text it sees within a bound", () => {
    // A short key that defeats re2js's fast paths (every position opens up to 595 live states); it sits just
    // under the program-size cap, so this is about the worst one run can be.
    const test = matcher("a[ab]{1,595}\\b");
    let seed = 1;
    const input = Array.from({ length: MAX_SCANNED_CHARACTERS }, () => ((seed = (seed * 48_271) % 2_147_483_647) % 2 ? "a" : "b")).join("");
    expect(millisecondsFor(() => test(input))).toBeLessThan(3_000);
  });

  it("reads /pattern/flags and bare patterns as SillyTavern does", () => {
    expect(matcher("/drag(on|ons)\\b/i")("DRAGONS above")).toBe(true);
    expect(matcher("/drag(on|ons)\\b/")("DRAGONS above")).toBe(false);
    expect(matcher("gr[ae]y")("a grey sky")).toBe(true);
    // The last slash ends the pattern, so slashes inside it need no escape; escaped ones work as well.
    expect(matcher("/either/or/")("either/or")).toBe(true);
    expect(matcher("/either\\/or/")("either/or")).toBe(true);
    expect(matcher("a/b")("a/b")).toBe(true);
    // JavaScript's own syntax: named groups, \u escapes, \cX, the empty class and [^].
    expect(matcher("(?<beast>wyrm|drake)s?")("two drakes")).toBe(true);
    expect(matcher("caf\\u00e9")("café")).toBe(true);
    expect(matcher("a[^]b")("a\nb")).toBe(true);
    expect(matcher("a[]b")("ab")).toBe(false);
  });

  it("honours i, m, s and u, ignores g and y, and refuses any other flag", () => {
    expect(matcher("/^knight$/m")("the\nknight\nrode")).toBe(true);
    expect(matcher("/^knight$/")("the\nknight\nrode")).toBe(false);
    expect(matcher("/sword.hilt/s")("sword\nhilt")).toBe(true);
    expect(matcher("/sword.hilt/")("sword\nhilt")).toBe(false);
    expect(matcher("/^\\u{1F409}.$/u")("🐉🔥")).toBe(true);
    expect(matcher("/\\p{Lu}{3}/u")("ÉTÉ")).toBe(true);
    expect(matcher("/elf/gy")("an elf")).toBe(true);
    expect(matcher("/ELF/gimsuy")("an elf")).toBe(true);
    expect(refusal("/elf/x")).toBe("The flag x is not supported: use i, m, s or u (g and y are ignored).");
    expect(refusal("/elf/I")).toBe("The flag I is not supported: use i, m, s or u (g and y are ignored).");
  });

  it("runs lookbehind, which the engine does in linear time", () => {
    expect(matcher("(?<=Sir )Roland")("Sir Roland")).toBe(true);
    expect(matcher("(?<=Sir )Roland")("King Roland")).toBe(false);
    expect(matcher("/(?<!\\w)cat/i")("a CAT")).toBe(true);
    expect(matcher("/(?<!\\w)cat/i")("bobcat")).toBe(false);
  });

  it("refuses what a linear-time engine cannot do, and says why", () => {
    expect(refusal("dragon(?=s)")).toBe("Lookahead (?=…) is not supported: Coterie runs lorebook patterns on a linear-time engine.");
    expect(refusal("/dragon(?!fly)/i")).toBe("Negative lookahead (?!…) is not supported: Coterie runs lorebook patterns on a linear-time engine.");
    expect(refusal("(ha)\\1")).toBe("The backreference \\1 is not supported: Coterie runs lorebook patterns on a linear-time engine.");
    expect(refusal("(?<laugh>ha)\\k<laugh>")).toBe("The backreference \\k<…> is not supported: Coterie runs lorebook patterns on a linear-time engine.");
    expect(refusal("(?<=(Sir) )Roland")).toBe("A lookbehind cannot contain a capturing group: write (?:…) inside it.");
    // The same characters as text, escaped or in a class, are no lookahead and no backreference.
    expect(matcher("\\(?=")("(=")).toBe(true);
    expect(matcher("[(?=]+")("?=")).toBe(true);
    expect(matcher("\\\\1")("\\1")).toBe(true);
  });

  it("refuses invalid patterns with the parser's reason, and empty ones", () => {
    expect(refusal("/(unclosed/")).toBe("This is not a valid regular expression: missing closing ), at “(unclosed”.");
    expect(refusal("a++")).toBe("This is not a valid regular expression: invalid nested repetition operator, at “++”.");
    expect(refusal("   ")).toBe("An empty pattern would match every message, so it is ignored.");
  });

  it("caps the pattern's length and its size once compiled", () => {
    expect(matcher(`${"x".repeat(MAX_PATTERN_LENGTH - 1)}y`)(`${"x".repeat(MAX_PATTERN_LENGTH - 1)}y`)).toBe(true);
    expect(refusal("x".repeat(MAX_PATTERN_LENGTH + 1))).toBe("This pattern is 1,001 characters long; lorebook patterns are limited to 1,000.");
    expect(refusal("a{1001}")).toBe("Repetition counts are limited to 1,000, nested repetitions multiplied together.");
    expect(refusal("(?:a{100}){20}")).toBe("Repetition counts are limited to 1,000, nested repetitions multiplied together.");
    expect(refusal("[ab]{1,600}")).toBe("This pattern compiles too large to match quickly: shorten it or use smaller repetition counts.");
    expect(matcher("[ab]{1,595}")("ab")).toBe(true);
  });

  it("scans only the most recent part of a long text", () => {
    const filler = "x".repeat(MAX_SCANNED_CHARACTERS);
    const test = matcher("dragon");
    expect(test(`dragon${filler}`)).toBe(false);
    expect(test(`${filler}dragon`)).toBe(true);
    expect(test(`dragon${"x".repeat(MAX_SCANNED_CHARACTERS - "dragon".length)}`)).toBe(true);
    // The cut never leaves half of a character behind: here it falls inside 🐉, and the scan starts after it.
    expect(matcher("^a")(`🐉${"a".repeat(MAX_SCANNED_CHARACTERS - 1)}`)).toBe(true);
  });
});
