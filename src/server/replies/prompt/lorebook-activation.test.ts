import { describe, expect, it, vi } from "vitest";
import type * as lorebookPattern from "@/lib/character-card/lorebook-pattern";
import { compileLorebookPattern } from "@/lib/character-card/lorebook-pattern";
import { activateLorebook, REGEX_TIME_BUDGET_MS, type TActivatableEntry, type TActivationOptions } from "./lorebook-activation";

// The real compiler, watched, so a test can count how often a lorebook's patterns are compiled.
vi.mock("@/lib/character-card/lorebook-pattern", async (importOriginal) => {
  const actual = await importOriginal<typeof lorebookPattern>();
  return { ...actual, compileLorebookPattern: vi.fn(actual.compileLorebookPattern) };
});

let nextId = 0;
function entry(overrides: Partial<TActivatableEntry>): TActivatableEntry {
  nextId++;
  return {
    id: `e${nextId}`,
    keys: [],
    secondaryKeys: [],
    content: `content ${nextId}`,
    enabled: true,
    constant: false,
    selective: false,
    selectiveLogic: "and_any",
    caseSensitive: false,
    useRegex: false,
    insertionOrder: 0,
    priority: null,
    ...overrides,
  };
}

const options = (recentMessages: string[], overrides: Partial<TActivationOptions> = {}): TActivationOptions => ({
  recentMessages,
  scanDepth: 4,
  recursive: false,
  maxRecursionDepth: 3,
  tokenBudget: 10_000,
  countTokens: (text) => text.split(/\s+/).length,
  ...overrides,
});

const contents = (activated: { content: string }[]) => activated.map((item) => item.content);

describe("activateLorebook", () => {
  it("activates entries whose key appears, ignoring case unless told otherwise", () => {
    const castle = entry({ keys: ["Castle"], content: "The castle is old." });
    const moat = entry({ keys: ["Moat"], caseSensitive: true, content: "The moat is deep." });
    expect(contents(activateLorebook([castle, moat], options(["we reach the castle and the moat"])))).toEqual(["The castle is old."]);
  });

  it("always includes constant entries and never disabled or empty ones", () => {
    const constant = entry({ constant: true, content: "Always." });
    const disabled = entry({ keys: ["hello"], enabled: false, content: "Never." });
    const empty = entry({ keys: ["hello"], content: "   " });
    expect(contents(activateLorebook([constant, disabled, empty], options(["hello"])))).toEqual(["Always."]);
  });

  it("scans only the last scanDepth messages", () => {
    const dragon = entry({ keys: ["dragon"], content: "Dragons sleep." });
    const history = ["a dragon!", "one", "two", "three", "four"];
    expect(activateLorebook([dragon], options(history, { scanDepth: 4 }))).toEqual([]);
    expect(contents(activateLorebook([dragon], options(history, { scanDepth: 5 })))).toEqual(["Dragons sleep."]);
  });

  it("applies each secondary-key logic to selective entries", () => {
    const make = (selectiveLogic: TActivatableEntry["selectiveLogic"]) =>
      entry({ keys: ["king"], secondaryKeys: ["crown", "throne"], selective: true, selectiveLogic, content: selectiveLogic });
    const all = (["and_any", "and_all", "not_any", "not_all"] as const).map(make);
    expect(contents(activateLorebook(all, options(["the king wears a crown"])))).toEqual(["and_any", "not_all"]);
    expect(contents(activateLorebook(all, options(["the king on his throne wears a crown"])))).toEqual(["and_any", "and_all"]);
    expect(contents(activateLorebook(all, options(["the king sleeps"])))).toEqual(["not_any", "not_all"]);
  });

  it("matches regular expressions, and never an invalid one", () => {
    const regex = entry({ keys: ["/drag(on|ons)\\b/i"], useRegex: true, content: "Regex matched." });
    const bare = entry({ keys: ["gr[ae]y"], useRegex: true, content: "Bare pattern." });
    const invalid = entry({ keys: ["/(unclosed/"], useRegex: true, content: "Invalid." });
    expect(contents(activateLorebook([regex, bare, invalid], options(["DRAGONS and a grey sky"])))).toEqual(["Regex matched.", "Bare pattern."]);
  });

  it("never activates an entry on a refused pattern, though another key of it may", () => {
    const lookahead = entry({ keys: ["ha(?=ha)"], useRegex: true, content: "Lookahead." });
    const backreference = entry({ keys: ["(ha)\\1"], useRegex: true, content: "Backreference." });
    const badFlag = entry({ keys: ["/haha/x"], useRegex: true, content: "Bad flag." });
    const tooLong = entry({ keys: [`haha|${"x".repeat(1_000)}`], useRegex: true, content: "Too long." });
    const mixed = entry({ keys: ["(ha)\\1", "/HAHA/i"], useRegex: true, content: "Second key." });
    expect(contents(activateLorebook([lookahead, backreference, badFlag, tooLong, mixed], options(["hahaha"])))).toEqual(["Second key."]);
  });

  it("answers at once on a key that would stall a backtracking engine", () => {
    // As the e2e story does: `^(a+)+$` against a message of a's that ends so the match fails.
    const catastrophic = entry({ keys: ["^(a+)+$"], useRegex: true, content: "Never." });
    const started = performance.now();
    expect(activateLorebook([catastrophic], options([`${"a".repeat(40)}!`], { scanDepth: 1 }))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("stops running regex keys once the time budget is spent, and literal keys still match", () => {
    // A clock that moves on by 60% of the budget each time it is read: it is read once at the start, then before
    // each regex key, so the first key runs (60% in) and the second (120% in) and any after it do not.
    let clock = 0;
    const now = () => (clock += REGEX_TIME_BUDGET_MS * 0.6);
    const lore = [1, 2, 3].map((order) => entry({ keys: ["dragon"], useRegex: true, content: `regex ${order}`, insertionOrder: order }));
    const literal = entry({ keys: ["dragon"], content: "literal", insertionOrder: 4 });
    expect(contents(activateLorebook([...lore, literal], options(["a dragon"], { now })))).toEqual(["regex 1", "literal"]);
    // The next reply has a fresh budget: a key skipped before runs again.
    expect(contents(activateLorebook(lore.slice(1), options(["a dragon"], { now })))).toEqual(["regex 2"]);
  });

  it("compiles a cached lorebook's patterns once, on first use", () => {
    const compiles = vi.mocked(compileLorebookPattern);
    const lore = [entry({ keys: ["/wyrm/i", "drake"], useRegex: true, content: "Wyrms." }), entry({ keys: ["never(?=)"], useRegex: true, content: "Refused." })];
    compiles.mockClear();
    activateLorebook(lore, options(["a WYRM"]));
    activateLorebook(lore, options(["a drake"]));
    activateLorebook(lore, options(["nothing"]));
    expect(compiles.mock.calls.map(([key]) => key).sort()).toEqual(["/wyrm/i", "drake", "never(?=)"].sort());
  });

  it("recurses through matched content, up to the depth cap", () => {
    const first = entry({ keys: ["alpha"], content: "mentions beta", insertionOrder: 1 });
    const second = entry({ keys: ["beta"], content: "mentions gamma", insertionOrder: 2 });
    const third = entry({ keys: ["gamma"], content: "mentions delta", insertionOrder: 3 });
    const fourth = entry({ keys: ["delta"], content: "the end", insertionOrder: 4 });
    const lore = [first, second, third, fourth];
    expect(contents(activateLorebook(lore, options(["alpha"])))).toEqual(["mentions beta"]);
    expect(contents(activateLorebook(lore, options(["alpha"], { recursive: true, maxRecursionDepth: 2 })))).toEqual([
      "mentions beta",
      "mentions gamma",
      "mentions delta",
    ]);
    expect(activateLorebook(lore, options(["alpha"], { recursive: true, maxRecursionDepth: 10 }))).toHaveLength(4);
  });

  it("keeps within the token budget by priority, then insertion order, and returns insertion order", () => {
    const low = entry({ keys: ["x"], content: "one two three", priority: 1, insertionOrder: 1 });
    const high = entry({ keys: ["x"], content: "four five six", priority: 9, insertionOrder: 3 });
    const middle = entry({ keys: ["x"], content: "seven eight nine", priority: 5, insertionOrder: 2 });
    const kept = activateLorebook([low, high, middle], options(["x"], { tokenBudget: 6 }));
    expect(contents(kept)).toEqual(["seven eight nine", "four five six"]);
    expect(kept.map((item) => item.tokens)).toEqual([3, 3]);
  });
});
