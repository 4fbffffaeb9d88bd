/**
 * A reply in an incognito chat: the browser holds the whole conversation and sends it with each request;
 * nothing of the chat is written to the database, and no memories are read or refreshed (they belong to saved
 * chats). Only the usage event (tokens and cost, no text, no chat id) is recorded, since the user's provider
 * bills it either way.
 */
import "server-only";
import type { TChatStreamEvent } from "@/lib/chat/stream-events";
import type { TIncognitoReplyRequest } from "@/lib/replies/reply-requests";
import { ownedCharacter, ownedPersona } from "@/server/characters/lookups";
import type { TDatabase } from "@/server/db/client";
import { countTokens } from "@/server/llm/token-count";
import { resolveScenarioModel } from "@/server/models/generation-settings";
import { gatherPromptInput } from "@/server/replies/prompt-input";
import { buildPrompt } from "@/server/replies/prompt/build-prompt";
import { streamUnsavedReply } from "@/server/replies/unsaved-reply";
import { withContinueInstruction } from "@/server/replies/continue-instruction";

export async function* incognitoReply(db: TDatabase, userId: string, request: TIncognitoReplyRequest, signal: AbortSignal): AsyncGenerator<TChatStreamEvent> {
  const [library, persona, target] = await Promise.all([
    ownedCharacter(db, userId, request.characterId),
    ownedPersona(db, userId, request.personaId),
    resolveScenarioModel(db, userId, "chat"),
  ]);
  const history = request.history.map((message) => ({ ...message, tokens: countTokens(message.content) }));
  const { input } = await gatherPromptInput(db, userId, { character: { library }, persona, memories: null, history, model: target.model });
  const built = buildPrompt(input);
  const prompt = request.continueLast ? withContinueInstruction(built.messages, target.provider.kind) : built.messages;

  yield* streamUnsavedReply({ db, userId, scenario: "chat", chatId: null, target }, prompt, history.length, signal);
}
