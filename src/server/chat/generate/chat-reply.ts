/**
 * A character's reply in a saved chat: send (save the user's message and reply to it), regenerate (a new swipe
 * of the last reply) or continue (extend the last reply). Yields the stream events the page renders; whatever
 * was written before a Stop or an error is kept.
 */
import "server-only";
import type { TChatStreamEvent } from "@/lib/chat/stream-events";
import { macroNamesOf } from "@/lib/chat/macros";
import type { TChatReplyRequest } from "@/lib/replies/reply-requests";
import { touchLastMessage } from "@/server/chat/chats";
import { touchMemories } from "@/server/memories/recall";
import { extendReply, saveReply, saveUserMessage, type TMessageRow, type TReplyGenerator } from "@/server/chat/messages";
import { updateCachedTurns, type TTurn } from "@/server/chat/turn-cache";
import type { TDatabase } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { describeProviderError } from "@/server/llm/provider-errors";
import { countTokens } from "@/server/llm/token-count";
import { logger } from "@/server/logger";
import { withContinueInstruction } from "@/server/replies/continue-instruction";
import { streamModel, type TCallContext } from "@/server/replies/model-call";
import { gatherPromptInput, historyOf } from "@/server/replies/prompt-input";
import { buildPrompt } from "@/server/replies/prompt/build-prompt";
import { generateChatTitle } from "./chat-title";
import { toMessageView } from "./message-view";
import { loadReplyContext } from "./reply-context";

function turnOf({ id, sequence, role, speakerName, content, tokens, reasoning }: TMessageRow): TTurn {
  return { id, sequence, role, speakerName, content, tokens, reasoning };
}

/** What the request asks of the chat's turns: the history to answer, where the reply goes, what it extends. */
function planReply(request: TChatReplyRequest, turns: TTurn[]) {
  const last = turns.at(-1);
  const next = (last?.sequence ?? -1) + 1;
  if (request.action === "send") {
    const userMessage = { role: "user" as const, speakerName: null, content: request.content, tokens: countTokens(request.content), sequence: next };
    return { history: [...turns, userMessage], replySequence: next + 1, continuing: null, userMessage };
  }
  if (request.action === "continue") {
    if (last?.role !== "assistant") throw new AppError("INVALID_INPUT", "There is no reply to continue.");
    return { history: turns, replySequence: last.sequence, continuing: last, userMessage: null };
  }
  // Regenerate: a new swipe of the last reply, or a first reply to a message that has none.
  if (last?.role === "assistant") return { history: turns.slice(0, -1), replySequence: last.sequence, continuing: null, userMessage: null };
  return { history: turns, replySequence: next, continuing: null, userMessage: null };
}

export async function* chatReply(db: TDatabase, userId: string, request: TChatReplyRequest, signal: AbortSignal): AsyncGenerator<TChatStreamEvent> {
  const { chat, character, persona, target, turns, unlock } = await loadReplyContext(db, userId, request.chatId);
  // Stops the provider call when the user's message cannot be saved, or when the reply ends early.
  const providerCall = new AbortController();
  try {
    const { history, replySequence, continuing, userMessage } = planReply(request, turns);
    const { input, recalledMemoryIds } = await gatherPromptInput(db, userId, {
      character: { library: character },
      persona,
      memories: { chatId: chat.id },
      history: historyOf(history),
      model: target.model,
    });
    const built = buildPrompt(input);
    const prompt = continuing ? withContinueInstruction(built.messages, target.provider.kind) : built.messages;

    // The provider is asked now and the user's message saved while it starts, so the first token waits for the
    // slower of the two rather than for both. Nothing of the reply is shown before the message is saved.
    const context: TCallContext = { db, userId, scenario: "chat", chatId: chat.id, target };
    const stream = streamModel(context, prompt, AbortSignal.any([signal, providerCall.signal]));
    // What the chat's turns are now, kept in step with the revision for the turn cache.
    let currentTurns = turns;
    let revision = chat.revision;
    if (userMessage) {
      const saved = await saveUserMessage(db, userId, chat.id, userMessage).catch((error: unknown) => {
        // No reply to a message that was not kept: the call is dropped unread, and the error reported.
        providerCall.abort();
        throw error;
      });
      currentTurns = [...turns, turnOf(saved.row)];
      updateCachedTurns(chat.id, revision, saved.revision, currentTurns);
      revision = saved.revision;
      yield { type: "user-message", message: toMessageView(saved.row) };
    }
    yield { type: "start", sequence: replySequence, providerLabel: target.provider.label, modelId: target.model.modelId };
    const outcome = yield* stream;
    const failure = outcome.status === "error" ? describeProviderError(outcome.error, target.provider.label) : null;
    if (failure) logger.warn({ chatId: chat.id, kind: failure.kind }, "chat reply failed");

    const generator: TReplyGenerator = {
      providerLabel: target.provider.label,
      modelId: target.model.modelId,
      inputTokens: outcome.usage.inputTokens,
      outputTokens: outcome.usage.outputTokens,
      reasoningTokens: outcome.usage.reasoningTokens,
      costMicros: outcome.usage.costMicros,
      costCode: outcome.usage.costCode,
      latencyMs: outcome.usage.latencyMs,
      status: outcome.status,
      error: failure?.message ?? null,
    };
    const saved = continuing
      ? outcome.text
        ? await extendReply(db, { ...continuing, chatId: chat.id }, { content: outcome.text, reasoning: outcome.reasoning, generator })
        : null
      : outcome.text || outcome.reasoning
        ? await saveReply(db, userId, chat.id, { sequence: replySequence, content: outcome.text, reasoning: outcome.reasoning || null, generator })
        : null;
    if (saved) {
      const reply = turnOf(saved.row);
      updateCachedTurns(chat.id, revision, saved.revision, [...currentTurns.filter((turn) => turn.sequence !== reply.sequence), reply]);
    }
    // Recalled memories are marked as used only now, so that the write does not delay the first token.
    const touchingMemories = touchMemories(db, recalledMemoryIds).catch((error: unknown) => {
      logger.warn({ chatId: chat.id, err: error }, "marking recalled memories failed");
    });
    await Promise.all([touchLastMessage(db, chat.id), touchingMemories]);

    const savedView = saved ? toMessageView(saved.row) : null;
    if (failure) {
      yield { type: "error", kind: failure.kind, error: failure.message, message: savedView };
      return;
    }
    yield {
      type: "done",
      status: outcome.status === "stopped" ? "stopped" : "complete",
      message: savedView,
      content: outcome.text,
      reasoning: outcome.reasoning,
      costMicros: outcome.usage.costMicros,
      costCode: outcome.usage.costCode,
    };
    if (outcome.status === "complete" && chat.titleIsAuto && request.action === "send" && history.filter((message) => message.role === "user").length === 1) {
      const title = await generateChatTitle(db, userId, chat.id, history.concat(saved ? [saved.row] : []), macroNamesOf(character, persona)).catch((error: unknown) => {
        logger.warn({ chatId: chat.id, err: error }, "automatic title failed");
        return null;
      });
      if (title) yield { type: "title", title };
    }
  } finally {
    providerCall.abort();
    unlock();
  }
}
