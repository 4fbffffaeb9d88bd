/**
 * Which lorebook entries enter the prompt. An entry matches when one of its keys appears in the recent chat
 * (plain text, or a regular expression), subject to its secondary keys when it is selective; constant entries
 * always match. With recursive scanning, the content of matched entries can match further entries, up to a
 * depth cap. When the matches exceed the token budget, the lowest priority (then lowest insertion order) go
 * first. The result is in insertion order, as the prompt wants it.
 */
import type { TSelectiveLogic } from "@/lib/character-card/card-schema";

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
};

type TMatcher = (text: string) => boolean;

/** `/pattern/flags` or a bare pattern; an invalid expression never matches, as the spec requires. */
function regexMatcher(source: string): TMatcher {
  const literal = /^\/(.+)\/([a-z]*)$/s.exec(source);
  try {
    const expression = literal ? new RegExp(literal[1] ?? "", (literal[2] ?? "").replace(/[gy]/g, "")) : new RegExp(source);
    return (text) => expression.test(text);
  } catch {
    return () => false;
  }
}

function keyMatcher(key: string, caseSensitive: boolean): TMatcher {
  const needle = caseSensitive ? key : key.toLowerCase();
  if (needle.trim() === "") return () => false;
  return caseSensitive ? (text) => text.includes(needle) : (text) => text.toLowerCase().includes(needle);
}

type TCompiledEntry = { entry: TActivatableEntry; primary: TMatcher[]; secondary: TMatcher[] };

function compile(entry: TActivatableEntry): TCompiledEntry {
  const primary = entry.keys.map((key) => (entry.useRegex ? regexMatcher(key) : keyMatcher(key, entry.caseSensitive)));
  // Secondary keys are ignored for regex entries (CCv3).
  const secondary = entry.useRegex ? [] : entry.secondaryKeys.map((key) => keyMatcher(key, entry.caseSensitive));
  return { entry, primary, secondary };
}

function matches({ entry, primary, secondary }: TCompiledEntry, text: string): boolean {
  if (!primary.some((matcher) => matcher(text))) return false;
  if (!entry.selective || secondary.length === 0) return true;
  const found = secondary.filter((matcher) => matcher(text)).length;
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
  const activated = new Set<TCompiledEntry>();
  for (const candidate of candidates) if (candidate.entry.constant) activated.add(candidate);

  let scanText = options.recentMessages.slice(-Math.max(0, options.scanDepth)).join("\n");
  for (let depth = 0; scanText !== "" && depth <= (options.recursive ? options.maxRecursionDepth : 0); depth++) {
    const found = candidates.filter((candidate) => !activated.has(candidate) && matches(candidate, scanText));
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
