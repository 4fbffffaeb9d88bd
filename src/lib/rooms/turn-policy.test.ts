import { describe, expect, it } from "vitest";
import { mentionIndex, planTurns, type TTurnCandidate, type TTurnContext } from "./turn-policy";

const candidate = (participantId: string, characterName: string, talkativeness = 0.5, eligible = true): TTurnCandidate => ({ participantId, characterName, talkativeness, eligible });
const ROOM = [candidate("rpt_a", "Iris"), candidate("rpt_b", "Bram"), candidate("rpt_c", "Cleo")];
const context = (overrides: Partial<TTurnContext>): TTurnContext => ({ candidates: ROOM, text: "", characterAuthorId: null, lastCharacterSpeakerId: null, random: () => 0.99, ...overrides });

describe("turn policy", () => {
  it("finds mentions as whole words, whatever the case", () => {
    expect(mentionIndex("hey iris, look", "Iris")).toBe(4);
    expect(mentionIndex("Irish coffee", "Iris")).toBe(-1);
    expect(mentionIndex("Ask Dr. Who?", "Dr. Who")).toBe(4);
    expect(mentionIndex("anything", "  ")).toBe(-1);
  });

  it("natural: named characters answer first, in the order named, and nobody else when nobody is talkative", () => {
    expect(planTurns("natural", context({ text: "Cleo, then Iris: what do you think?" }))).toEqual(["rpt_c", "rpt_a"]);
  });

  it("natural: talkative characters join in; if nobody would, one is picked so the message is answered", () => {
    const talkative = [candidate("rpt_a", "Iris", 1), candidate("rpt_b", "Bram", 0), candidate("rpt_c", "Cleo", 1)];
    expect(planTurns("natural", context({ candidates: talkative, text: "hello all", random: () => 0.5 })).sort()).toEqual(["rpt_a", "rpt_c"]);
    expect(planTurns("natural", context({ text: "hello all", random: () => 0.99 }))).toHaveLength(1);
  });

  it("round-robin: everyone once, starting after the last speaker, skipping the ineligible", () => {
    expect(planTurns("round_robin", context({}))).toEqual(["rpt_a", "rpt_b", "rpt_c"]);
    expect(planTurns("round_robin", context({ lastCharacterSpeakerId: "rpt_b" }))).toEqual(["rpt_c", "rpt_a", "rpt_b"]);
    const withMuted = [ROOM[0]!, candidate("rpt_b", "Bram", 0.5, false), ROOM[2]!];
    expect(planTurns("round_robin", context({ candidates: withMuted }))).toEqual(["rpt_a", "rpt_c"]);
  });

  it("never lets a character answer its own message", () => {
    expect(planTurns("round_robin", context({ characterAuthorId: "rpt_a" }))).toEqual(["rpt_b", "rpt_c"]);
    expect(planTurns("natural", context({ text: "I am Iris", characterAuthorId: "rpt_a" }))).not.toContain("rpt_a");
  });

  it("manual: nobody speaks until the host says so", () => {
    expect(planTurns("manual", context({ text: "Iris?" }))).toEqual([]);
  });
});
