import { describe, expect, it } from "vitest";
import { buildPrompt, type TPromptInput } from "@/server/replies/prompt/build-prompt";
import { quickCharacter, roomCharacter, roomHistory, roomLines } from "./room-prompt";

const count = (text: string) => Math.ceil(text.length / 4);

describe("room prompt", () => {
  const transcript = [
    { kind: "human" as const, participantId: "rpt_ben", speakerName: "Ben", text: "Hello everyone" },
    { kind: "character" as const, participantId: "rpt_ben", speakerName: "Bram", text: "Greetings." },
    { kind: "character" as const, participantId: "rpt_me", speakerName: "Iris", text: "Fair winds." },
    { kind: "notice" as const, participantId: null, speakerName: "Room", text: "Cat joined" },
  ];

  /** Iris's turn in the transcript above, with the person and character given. */
  const roomPrompt = (who: Pick<TPromptInput, "character" | "persona" | "personName">) =>
    buildPrompt({ ...who, lorebook: null, memories: [], history: roomHistory(transcript, "rpt_me", count), model: { contextWindow: 8_000, maxOutputTokens: 500 }, now: new Date(0), countTokens: count });

  it("gives the character its own lines as its turns and everyone else's tagged with their name", () => {
    expect(roomHistory(transcript, "rpt_me", count).map(({ role, content }) => ({ role, content }))).toEqual([
      { role: "user", content: "Ben: Hello everyone" },
      { role: "user", content: "Bram: Greetings." },
      { role: "assistant", content: "Fair winds." },
    ]);
  });

  it("keeps who said each line apart from what they said, for a saved transcript", () => {
    expect(roomLines(transcript, "rpt_me")).toEqual([
      { role: "user", speakerName: "Ben", text: "Hello everyone" },
      { role: "user", speakerName: "Bram", text: "Greetings." },
      { role: "assistant", speakerName: null, text: "Fair winds." },
    ]);
  });

  it("builds a full prompt for a quick character that knows who else is present", () => {
    const built = roomPrompt({
      character: roomCharacter(quickCharacter("Iris", "A lighthouse keeper."), ["Ben (with Bram)"]),
      persona: { name: "Ada", description: "A sailor who keeps a logbook." },
    });
    expect(built.messages[0]?.content).toContain("Write Iris's next message in a group conversation");
    expect(built.messages[0]?.content).toContain("A lighthouse keeper.");
    expect(built.messages[0]?.content).toContain("About Ada:\nA sailor who keeps a logbook.");
    expect(built.messages.at(-1)).toEqual({ role: "system", content: "Reply only as Iris, without a name prefix, in one message. You came with Ada. Also in the room: Ben (with Bram)." });
  });

  it("calls the person by their name in the room when they bring no persona", () => {
    const built = roomPrompt({ character: roomCharacter(quickCharacter("Iris", ""), []), persona: null, personName: "Cat Lin" });
    expect(built.messages.at(-1)?.content).toBe("Reply only as Iris, without a name prefix, in one message. You came with Cat Lin.");
  });
});
