/** An automatic chat title from the opening exchange, with the title scenario's model. */
import "server-only";
import { substituteMacros } from "@/lib/chat/macros";
import { setAutomaticTitle } from "@/server/chat/chats";
import type { TDatabase } from "@/server/db/client";
import { resolveScenarioModel } from "@/server/models/generation-settings";
import { callModel } from "@/server/replies/model-call";

const TITLE_INSTRUCTION = "Write a title of at most six words for the conversation below. Answer with the title only, no quotes.";

/** Strips what models like to add around a title: quotes, a "Title:" label, a final full stop. */
export function cleanTitle(raw: string): string {
  return raw
    .split("\n")[0]!
    .replace(/^\s*title\s*:\s*/i, "")
    .replace(/^["'“”‘’*#\s]+|["'“”‘’*\s.]+$/g, "")
    .slice(0, 80)
    .trim();
}

export async function generateChatTitle(
  db: TDatabase,
  userId: string,
  chatId: string,
  opening: { role: "user" | "assistant"; content: string }[],
  names: { char: string; user: string },
): Promise<string | null> {
  const target = await resolveScenarioModel(db, userId, "title");
  // The model sees the opening as the user read it: with the names, never a raw {{char}} or {{user}}.
  const expand = (text: string) => substituteMacros(text, { ...names, now: new Date() });
  const transcript = opening
    .slice(-4)
    .map((message) => `${message.role === "user" ? names.user : names.char}: ${expand(message.content.slice(0, 1_000))}`)
    .join("\n");
  const { text } = await callModel({ db, userId, scenario: "title", chatId, target }, [
    { role: "system", content: TITLE_INSTRUCTION },
    { role: "user", content: transcript },
  ]);
  const title = cleanTitle(expand(text));
  if (!title) return null;
  return (await setAutomaticTitle(db, userId, chatId, title)) ? title : null;
}
