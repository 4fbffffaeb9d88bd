/**
 * Which chat messages fit the model's context: the newest ones, whole, until the budget is spent. The budget
 * is the context window less the reply's reservation, the rest of the prompt, and a safety margin for the
 * difference between our token estimate and the provider's tokenizer.
 */
export type TWindowBudget = {
  contextWindow: number;
  maxOutputTokens: number;
  /** Tokens the system prompt, card, lorebook and memories already take. */
  promptTokens: number;
  /** Fraction of the context held back, e.g. 0.05 for 5%. */
  safetyMargin: number;
};

export function historyBudget(budget: TWindowBudget): number {
  const margin = Math.ceil(budget.contextWindow * budget.safetyMargin);
  return Math.max(0, budget.contextWindow - budget.maxOutputTokens - budget.promptTokens - margin);
}

/** The newest messages whose token counts fit `budget`, in chat order. Never splits a message. */
export function fitHistory<T extends { tokens: number }>(messages: T[], budget: number): T[] {
  let spent = 0;
  let first = messages.length;
  while (first > 0) {
    const candidate = messages[first - 1];
    if (!candidate || spent + candidate.tokens > budget) break;
    spent += candidate.tokens;
    first--;
  }
  return messages.slice(first);
}
