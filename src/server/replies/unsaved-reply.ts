/**
 * A reply that no chat keeps (incognito chats, a character's turn in a room): the model's stream passed on as
 * chat stream events, then how it ended. streamModel records the usage event; nothing else is written.
 */
import "server-only";
import type { TChatStreamEvent } from "@/lib/chat/stream-events";
import type { TPromptMessage } from "@/server/replies/prompt/build-prompt";
import { describeProviderError } from "@/server/llm/provider-errors";
import { streamModel, type TCallContext } from "./model-call";

export async function* streamUnsavedReply(context: TCallContext & { chatId: null }, prompt: TPromptMessage[], sequence: number, signal: AbortSignal): AsyncGenerator<TChatStreamEvent> {
  const { provider, model } = context.target;
  yield { type: "start", sequence, providerLabel: provider.label, modelId: model.modelId };
  const outcome = yield* streamModel(context, prompt, signal);
  if (outcome.status === "error") {
    const failure = describeProviderError(outcome.error, provider.label);
    yield { type: "error", kind: failure.kind, error: failure.message, message: null };
    return;
  }
  yield { type: "done", status: outcome.status, message: null, content: outcome.text, reasoning: outcome.reasoning, costMicros: outcome.usage.costMicros, costCode: outcome.usage.costCode };
}
