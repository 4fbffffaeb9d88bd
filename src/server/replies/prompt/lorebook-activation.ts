/**
 * Which lorebook entries enter the prompt. An entry matches when one of its keys appears in the recent chat
 * (plain text, or a regular expression), subject to its secondary keys when it is selective; constant entries
 * always match. With recursive scanning, the content of matched entries can match further entries, up to a
 * depth cap. When the matches exceed the token budget, the lowest priority (then lowest insertion order) go
 * first. The result is in insertion order, as the prompt wants it.
 */
import type { TSelectiveLogic } from "@/lib/character-card/card-schema";
import { compileLorebookPattern, type TLorebookPattern } from "@/lib/character-card/lorebook-pattern";
import { KeyIndex } from "./key-index";

/**
 * Wall-clock time one activation may spend on regex keys. Each run is linear and its pattern and text are
 * capped (lorebook-pattern.ts), but a lorebook may hold thousands of regex keys: once this is spent, the
 * remaining regex keys do not match for this reply, so no lorebook holds the process longer than this plus
 * one run. Real lorebooks spend well under a millisecond per key, so they never reach it.
 */
export const REGEX_TIME_BUDGET_MS = 100;

export type TActivatableEntry = {
  id: string;
  keys: string[];
  secondaryKeys: string[];
  content: string;
  enabled: boolean;
  constant: boolean;
  selective: boolean;
  selectiveLogic: TSelectiveLogic;
  caseSensitive: boolean;
  useRegex: boolean;
  insertionOrder: number;
  priority: number | null;
};

export type TActivationOptions = {
  /** The chat's recent messages, oldest first; only the last `scanDepth` are scanned. */
  recentMessages: string[];
  scanDepth: number;
  recursive: boolean;
  maxRecursionDepth: number;
  tokenBudget: number;
  countTokens: (text: string) => number;
  /** The clock the regex time budget is measured on, in milliseconds; `performance.now` unless a test sets it. */
  now?: () => number;
};

type TRegexBudget = { now: () => number; deadline: number };
/** The text being scanned, with the literal keys found in it (lower-cased ones from the lower-cased text). */
type TScanText = { raw: string; foundLower: Set<string>; foundCased: Set<string>; regexBudget: TRegexBudget };
type TMatcher = (scan: TScanText) => boolean;

/**
 * A regex key (`/pattern/flags` or bare); a refused or invalid pattern never matches, as the spec requires.
 * It is compiled on first use, inside the time budget, since compiling thousands of keys takes time too; the
 * compiled pattern stays with the cached entry.
 */
function regexMatcher(source: string): TMatcher {
  let pattern: TLorebookPattern | null = null;
  return (scan) => {
    if (scan.regexBudget.now() >= scan.regexBudget.deadline) return false;
    pattern ??= compileLorebookPattern(source);
    return pattern.ok && pattern.test(scan.raw);
  };
}

type TLiteralKey = { needle: string; caseSensitive: boolean };

function literalKey(key: string, caseSensitive: boolean): TLiteralKey | null {
  if (key.trim() === "") return null;
  return { needle: caseSensitive ? key : key.toLowerCase(), caseSensitive };
}

function keyMatcher({ needle, caseSensitive }: TLiteralKey): TMatcher {
  return caseSensitive ? (scan) => scan.foundCased.has(needle) : (scan) => scan.foundLower.has(needle);
}

type TCompiledEntry = { entry: TActivatableEntry; primary: TMatcher[]; secondary: TMatcher[]; literals: TLiteralKey[] };

/** Compiled matchers per entry object: a cached lorebook's regular expressions are built once, not per reply. */
const compiledEntries = new WeakMap<TActivatableEntry, TCompiledEntry>();

function compile(entry: TActivatableEntry): TCompiledEntry {
  const known = compiledEntries.get(entry);
  if (known) return known;
  const literals: TLiteralKey[] = [];
  const literal = (key: string): TMatcher => {
    const parsed = literalKey(key, entry.caseSensitive);
    if (!parsed) return () => false;
    literals.push(parsed);
    return keyMatcher(parsed);
  };
  const primary = entry.keys.map((key) => (entry.useRegex ? regexMatcher(key) : literal(key)));
  // Secondary keys are ignored for regex entries (CCv3).
  const secondary = entry.useRegex ? [] : entry.secondaryKeys.map(literal);
  const compiled = { entry, primary, secondary, literals };
  compiledEntries.set(entry, compiled);
  return compiled;
}

type TKeyIndexes = { lower: KeyIndex; cased: KeyIndex };
const keyIndexes = new WeakMap<TActivatableEntry[], TKeyIndexes>();

/** One index over all the lorebook's literal keys (per entries array, so a cached lorebook builds it once). */
function indexesFor(entries: TActivatableEntry[], candidates: TCompiledEntry[]): TKeyIndexes {
  const known = keyIndexes.get(entries);
  if (known) return known;
  const literals = candidates.flatMap((candidate) => candidate.literals);
  const indexes = {
    lower: new KeyIndex(literals.filter((key) => !key.caseSensitive).map((key) => key.needle)),
    cased: new KeyIndex(literals.filter((key) => key.caseSensitive).map((key) => key.needle)),
  };
  keyIndexes.set(entries, indexes);
  return indexes;
}

function matches({ entry, primary, secondary }: TCompiledEntry, scan: TScanText): boolean {
  if (!primary.some((matcher) => matcher(scan))) return false;
  if (!entry.selective || secondary.length === 0) return true;
  const found = secondary.filter((matcher) => matcher(scan)).length;
  switch (entry.selectiveLogic) {
    case "and_any":
      return found > 0;
    case "and_all":
      return found === secondary.length;
    case "not_any":
      return found === 0;
    case "not_all":
      return found < secondary.length;
  }
}

export type TActivatedEntry = TActivatableEntry & { tokens: number };

export function activateLorebook(entries: TActivatableEntry[], options: TActivationOptions): TActivatedEntry[] {
  const candidates = entries.filter((entry) => entry.enabled && entry.content.trim() !== "").map(compile);
  const indexes = indexesFor(entries, candidates);
  const activated = new Set<TCompiledEntry>();
  for (const candidate of candidates) if (candidate.entry.constant) activated.add(candidate);

  const now = options.now ?? (() => performance.now());
  const regexBudget = { now, deadline: now() + REGEX_TIME_BUDGET_MS };
  let scanText = options.recentMessages.slice(-Math.max(0, options.scanDepth)).join("\n");
  for (let depth = 0; scanText !== "" && depth <= (options.recursive ? options.maxRecursionDepth : 0); depth++) {
    const scan = { raw: scanText, foundLower: indexes.lower.findIn(scanText.toLowerCase()), foundCased: indexes.cased.findIn(scanText), regexBudget };
    const found = candidates.filter((candidate) => !activated.has(candidate) && matches(candidate, scan));
    for (const candidate of found) activated.add(candidate);
    // The next round scans only what this round added, so each recursion step is bounded by new content.
    scanText = found.map((candidate) => candidate.entry.content).join("\n");
  }

  const byImportance = [...activated]
    .map(({ entry }) => ({ ...entry, tokens: options.countTokens(entry.content) }))
    .sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0) || b.insertionOrder - a.insertionOrder);
  const kept: TActivatedEntry[] = [];
  let spent = 0;
  for (const entry of byImportance) {
    if (spent + entry.tokens > options.tokenBudget) continue;
    kept.push(entry);
    spent += entry.tokens;
  }
  return kept.sort((a, b) => a.insertionOrder - b.insertionOrder);
}
