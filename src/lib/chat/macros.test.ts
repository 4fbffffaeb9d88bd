import { describe, expect, it } from "vitest";
import { DEFAULT_USER_NAME, macroNamesOf, substituteMacros, withNames, type TMacroContext } from "./macros";

const context: TMacroContext = { char: "Sera", user: "Ada", now: new Date("2026-11-23T14:05:00Z"), random: () => 0.5 };

describe("substituteMacros", () => {
  it("names the character and the user in every spelling", () => {
    expect(substituteMacros("{{char}} greets {{user}}. <BOT> and <USER>; {{Char}} / {{ user }}", context)).toBe(
      "Sera greets Ada. Sera and Ada; Sera / Ada",
    );
  });

  it("fills dates and times", () => {
    expect(substituteMacros("{{isodate}} {{isotime}}", context)).toBe("2026-11-23 14:05");
    expect(substituteMacros("{{weekday}}", context)).toBe("Monday");
  });

  it("picks, rolls, breaks lines and drops comments", () => {
    expect(substituteMacros("{{random:red,green,blue}}", context)).toBe("green");
    expect(substituteMacros("{{random::a, b::c}}", { ...context, random: () => 0.2 })).toBe("a, b");
    expect(substituteMacros("{{roll:2d6+1}}", context)).toBe("9");
    expect(substituteMacros("{{roll:20}}", context)).toBe("11");
    expect(substituteMacros("a{{newline}}b{{// hidden note}}", context)).toBe("a\nb");
  });

  it("leaves unknown macros and bad rolls untouched", () => {
    expect(substituteMacros("{{mystery}} {{roll:banana}}", context)).toBe("{{mystery}} {{roll:banana}}");
  });
});

describe("withNames", () => {
  it("fills in only the names, in every spelling, as the prompt does", () => {
    const text = "{{char}} greets {{user}}. <BOT> and <USER>; {{Char}} / {{ user }} on {{isodate}} {{roll:20}}";
    expect(withNames(text, context)).toBe("Sera greets Ada. Sera and Ada; Sera / Ada on {{isodate}} {{roll:20}}");
    expect(withNames("no macros here", context)).toBe("no macros here");
  });
});

describe("macroNamesOf", () => {
  const character = { name: "Seraphina", nickname: null };
  it("names the person by their persona, else by the name they go by there, else generically", () => {
    expect(macroNamesOf(character, { name: "Captain Ada" }, "ada")).toEqual({ char: "Seraphina", user: "Captain Ada" });
    expect(macroNamesOf(character, null, "Ada Lovelace")).toEqual({ char: "Seraphina", user: "Ada Lovelace" });
    expect(macroNamesOf(character, null)).toEqual({ char: "Seraphina", user: DEFAULT_USER_NAME });
  });
  it("calls the character by its nickname when it has one", () => {
    expect(macroNamesOf({ name: "Seraphina", nickname: "Sera" }, null).char).toBe("Sera");
  });
});
