import { describe, expect, it } from "vitest";
import { buildPrompt } from "@/server/replies/prompt/build-prompt";
import { quickCharacter, roomCharacter, roomHistory } from "./room-prompt";

const count = (text: string) => Math.ceil(text.length / 4);

describe("room prompt", () => {
  const transcript = [
    { kind: "human" as const, participantId: "rpt_ben", speakerName: "Ben", text: "Hello everyone" },
    { kind: "character" as const, participantId: "rpt_ben", speakerName: "Bram", text: "Greetings." },
    { kind: "character" as const, participantId: "rpt_me", speakerName: "Iris", text: "Fair winds." },
    { kind: "notice" as const, participantId: null, speakerName: "Room", text: "Cat joined" },
  ];

  it("gives the character its own lines as its turns and everyone else's tagged with their name", () => {
    expect(roomHistory(transcript, "rpt_me", count).map(({ role, content }) => ({ role, content }))).toEqual([
      { role: "user", content: "Ben: Hello everyone" },
      { role: "user", content: "Bram: Greetings." },
      { role: "assistant", content: "Fair winds." },
    ]);
  });

  it("builds a full prompt for a quick character that knows who else is present", () => {
    const character = roomCharacter(quickCharacter("Iris", "A lighthouse keeper."), ["Ben (with Bram)"]);
    const built = buildPrompt({
      character,
      persona: null,
      lorebook: null,
      memories: [],
      history: roomHistory(transcript, "rpt_me", count),
      model: { contextWindow: 8_000, maxOutputTokens: 500 },
      now: new Date(0),
      countTokens: count,
    });
    expect(built.messages[0]?.content).toContain("Write Iris's next message in a group conversation");
    expect(built.messages[0]?.content).toContain("A lighthouse keeper.");
    expect(built.messages.at(-1)).toEqual({ role: "system", content: "Reply only as Iris, without a name prefix, in one message. Also in the room: Ben (with Bram)." });
  });
});
