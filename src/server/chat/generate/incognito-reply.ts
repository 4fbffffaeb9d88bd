/**
 * A reply in an incognito chat: the browser holds the whole conversation and sends it with each request;
 * nothing of the chat is written to the database. Only the usage event (tokens and cost, no text, no chat id)
 * is recorded, since the user's provider bills it either way.
 */
import "server-only";
import { z } from "zod";
import type { TChatStreamEvent } from "@/lib/chat/stream-events";
import { ownedCharacter, ownedPersona } from "@/server/characters/lookups";
import { ZMessageContent } from "@/server/chat/messages";
import { buildPrompt } from "@/server/replies/prompt/build-prompt";
import type { TDatabase } from "@/server/db/client";
import { countTokens } from "@/server/llm/token-count";
import { resolveScenarioModel } from "@/server/models/generation-settings";
import { withContinueInstruction } from "./chat-reply";
import { loadLorebook, promptInputFor } from "@/server/replies/prompt-input";
import { streamUnsavedReply } from "@/server/replies/unsaved-reply";
import { ZCharacterId, ZPersonaId } from "@/lib/ids";

export const ZIncognitoReplyRequest = z.object({
  characterId: ZCharacterId,
  personaId: ZPersonaId.nullable(),
  history: z.array(z.object({ role: z.enum(["user", "assistant"]), content: ZMessageContent })).max(1_000, "An incognito chat can hold at most 1,000 messages."),
  /** Extend the last (assistant) message instead of writing a new one. */
  continueLast: z.boolean().default(false),
});

export async function* incognitoReply(db: TDatabase, userId: string, request: z.infer<typeof ZIncognitoReplyRequest>, signal: AbortSignal): AsyncGenerator<TChatStreamEvent> {
  const [character, persona, target] = await Promise.all([
    ownedCharacter(db, userId, request.characterId),
    ownedPersona(db, userId, request.personaId),
    resolveScenarioModel(db, userId, "chat"),
  ]);
  const history = request.history.map((message) => ({ ...message, tokens: countTokens(message.content) }));
  const lorebook = await loadLorebook(db, character);
  const built = buildPrompt(promptInputFor({ character, persona, lorebook, memories: [], history }, target.model));
  const prompt = request.continueLast ? withContinueInstruction(built.messages, target.provider.kind) : built.messages;

  yield* streamUnsavedReply({ db, userId, scenario: "chat", chatId: null, target }, prompt, history.length, signal);
}
