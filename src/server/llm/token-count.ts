/**
 * Token estimates for budgeting the prompt. Exact counts depend on each provider's tokenizer, which we do not
 * have for most of them; o200k (GPT-4o's) is a good stand-in, and the history window keeps a safety margin
 * for the difference. Very long texts are estimated from their length rather than encoded, to bound the cost.
 */
import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";

const ENCODE_LIMIT = 20_000;

export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  if (text.length > ENCODE_LIMIT) return Math.ceil(text.length / 3.5);
  return countO200k(text);
}
