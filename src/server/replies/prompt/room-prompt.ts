/**
 * A room turn's prompt, from the transcript as the participant's browser holds it. The character's own
 * earlier messages are its (assistant) turns; everything anyone else said arrives as a user turn tagged with
 * the speaker's name, so the model knows who said what. Pure, so it is tested without a database.
 */
import type { TRoomTranscriptLine } from "@/lib/rooms/protocol";
import { speakerLine, type THistoryMessage, type TPromptCharacter } from "./build-prompt";

export const ROOM_SYSTEM_PROMPT =
  "Write {{char}}'s next message in a group conversation among several people and their characters. Stay in character, be vivid and brief, and never write for anyone else.";

/** What was said in the room, notices aside: the character's own lines, and everyone else's with their speaker. */
export function roomLines(entries: TRoomTranscriptLine[], myParticipantId: string): { role: "user" | "assistant"; speakerName: string | null; text: string }[] {
  return entries
    .filter((entry) => entry.kind !== "notice")
    .map((entry) => {
      const mine = entry.kind === "character" && entry.participantId === myParticipantId;
      return mine ? { role: "assistant", speakerName: null, text: entry.text } : { role: "user", speakerName: entry.speakerName, text: entry.text };
    });
}

export function roomHistory(entries: TRoomTranscriptLine[], myParticipantId: string, countTokens: (text: string) => number): THistoryMessage[] {
  return roomLines(entries, myParticipantId).map(({ role, speakerName, text }) => {
    const content = speakerName === null ? text : speakerLine(speakerName, text);
    return { role, content, tokens: countTokens(content) };
  });
}

/** The character as the room sees it: its own instructions first, then how to behave among others. */
export function roomCharacter(character: TPromptCharacter, others: string[]): TPromptCharacter {
  const present = others.length > 0 ? ` Also in the room: ${others.join(", ")}.` : "";
  const roomRule = `Reply only as ${character.nickname ?? character.name}, without a name prefix, in one message. You came with {{user}}.${present}`;
  return {
    ...character,
    systemPrompt: character.systemPrompt.trim() || ROOM_SYSTEM_PROMPT,
    postHistoryInstructions: [character.postHistoryInstructions.trim(), roomRule].filter(Boolean).join("\n\n"),
  };
}

/** A quick character (name and a few words) in the shape the prompt builder takes. */
export function quickCharacter(name: string, description: string): TPromptCharacter {
  return { name, nickname: null, description, personality: "", scenario: "", systemPrompt: "", postHistoryInstructions: "", exampleDialogue: "" };
}
