/**
 * A character's reply in a saved chat: send (save the user's message and reply to it), regenerate (a new swipe
 * of the last reply) or continue (extend the last reply). Yields the stream events the page renders; whatever
 * was written before a Stop or an error is kept.
 */
import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { TChatStreamEvent } from "@/lib/chat/stream-events";
import { recallMemories, touchMemories } from "@/server/chat/memories";
import { saveUserMessage, ZMessageContent } from "@/server/chat/messages";
import { macroNamesOf } from "@/lib/chat/macros";
import { buildPrompt, type THistoryMessage, type TPromptMessage } from "@/server/replies/prompt/build-prompt";
import type { TDatabase } from "@/server/db/client";
import { chats, messages } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { describeProviderError } from "@/server/llm/provider-errors";
import { countTokens } from "@/server/llm/token-count";
import { logger } from "@/server/logger";
import { toMessageView } from "./message-view";
import { streamModel, type TCallContext } from "@/server/replies/model-call";
import { bumpChatRevision, updateCachedTurns, type TTurn } from "@/server/chat/turn-cache";
import { promptInputFor } from "@/server/replies/prompt-input";
import { loadReplyContext } from "./reply-context";
import { generateChatTitle } from "./chat-title";
import { ZChatId } from "@/lib/ids";

export const ZChatReplyRequest = z.discriminatedUnion("action", [
  z.object({ action: z.literal("send"), chatId: ZChatId, content: ZMessageContent.refine((text) => text.trim() !== "", "Write a message first.") }),
  z.object({ action: z.literal("regenerate"), chatId: ZChatId }),
  z.object({ action: z.literal("continue"), chatId: ZChatId }),
]);
export type TChatReplyRequest = z.infer<typeof ZChatReplyRequest>;

type TMessageRow = typeof messages.$inferSelect;

function turnOf({ id, sequence, role, content, tokens, reasoning }: TMessageRow): TTurn {
  return { id, sequence, role, content, tokens, reasoning };
}

export const CONTINUE_INSTRUCTION = "Continue your last reply exactly where it stopped. Do not repeat any of it.";

/** Appends the continue instruction where the provider allows it; Anthropic continues a trailing assistant turn natively. */
export function withContinueInstruction(prompt: TPromptMessage[], kind: string): TPromptMessage[] {
  return kind === "anthropic" ? prompt : [...prompt, { role: "system", content: CONTINUE_INSTRUCTION }];
}

export async function* chatReply(db: TDatabase, userId: string, request: TChatReplyRequest, signal: AbortSignal): AsyncGenerator<TChatStreamEvent> {
  const { chat, character, persona, target, memoryRows, turns, lorebook, unlock } = await loadReplyContext(db, userId, request.chatId);
  // Stops the provider call when the user's message cannot be saved, or when the reply ends early.
  const providerCall = new AbortController();
  try {
    const last = turns.at(-1);
    let history: THistoryMessage[] = turns;
    let replySequence = (last?.sequence ?? -1) + 1;
    let continuing: (typeof turns)[number] | null = null;
    let userMessage: (THistoryMessage & { sequence: number }) | null = null;

    if (request.action === "send") {
      userMessage = { role: "user", content: request.content, tokens: countTokens(request.content), sequence: replySequence };
      history = [...turns, userMessage];
      replySequence++;
    } else if (request.action === "regenerate" && last?.role === "assistant") {
      history = turns.slice(0, -1);
      replySequence = last.sequence;
    } else if (request.action === "continue") {
      if (last?.role !== "assistant") throw new AppError("INVALID_INPUT", "There is no reply to continue.");
      continuing = last;
      replySequence = last.sequence;
    }

    const latestUserText = [...history].reverse().find((message) => message.role === "user")?.content ?? "";
    const memories = recallMemories(memoryRows, latestUserText);
    const input = promptInputFor(
      { character, persona, lorebook, memories: memories.contents, history: history.map(({ role, content, tokens }) => ({ role, content, tokens })) },
      target.model,
    );
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

    const generator = {
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
    let saved: TMessageRow | null = null;
    let savedRevision = revision;
    if (continuing && outcome.text) {
      const extended = continuing;
      const content = extended.content + outcome.text;
      saved = await db.transaction(async (tx) => {
        const [row] = await tx
          .update(messages)
          .set({ ...generator, content, tokens: countTokens(content), reasoning: outcome.reasoning || extended.reasoning, translatedContent: null, showTranslation: false })
          .where(eq(messages.id, extended.id))
          .returning();
        savedRevision = await bumpChatRevision(tx, chat.id);
        return row ?? null;
      });
    } else if (!continuing && (outcome.text || outcome.reasoning)) {
      saved = await db.transaction(async (tx) => {
        const [next] = await tx
          .select({ swipe: sql<number>`coalesce(max(${messages.swipe}) + 1, 0)::int` })
          .from(messages)
          .where(and(eq(messages.chatId, chat.id), eq(messages.sequence, replySequence)));
        await tx.update(messages).set({ selected: false }).where(and(eq(messages.chatId, chat.id), eq(messages.sequence, replySequence), ne(messages.swipe, next?.swipe ?? 0)));
        const [row] = await tx
          .insert(messages)
          .values({ ...generator, userId, chatId: chat.id, sequence: replySequence, swipe: next?.swipe ?? 0, role: "assistant", content: outcome.text, reasoning: outcome.reasoning || null, tokens: countTokens(outcome.text) })
          .returning();
        savedRevision = await bumpChatRevision(tx, chat.id);
        return row ?? null;
      });
    }
    if (saved) {
      const reply = turnOf(saved);
      updateCachedTurns(chat.id, revision, savedRevision, [...currentTurns.filter((turn) => turn.sequence !== reply.sequence), reply]);
    }
    // Recalled memories are marked as used only now, so that the write does not delay the first token.
    const touchingMemories = touchMemories(db, memories.recalledIds).catch((error: unknown) => {
      logger.warn({ chatId: chat.id, err: error }, "marking recalled memories failed");
    });
    await Promise.all([db.update(chats).set({ lastMessageAt: new Date() }).where(eq(chats.id, chat.id)), touchingMemories]);

    if (failure) {
      yield { type: "error", kind: failure.kind, error: failure.message, message: saved ? toMessageView(saved) : null };
      return;
    }
    yield {
      type: "done",
      status: outcome.status === "stopped" ? "stopped" : "complete",
      message: saved ? toMessageView(saved) : null,
      content: outcome.text,
      reasoning: outcome.reasoning,
      costMicros: outcome.usage.costMicros,
      costCode: outcome.usage.costCode,
    };
    if (outcome.status === "complete" && chat.titleIsAuto && request.action === "send" && history.filter((message) => message.role === "user").length === 1) {
      const title = await generateChatTitle(db, userId, chat.id, history.concat(saved ? [saved] : []), macroNamesOf(character, persona)).catch((error: unknown) => {
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
