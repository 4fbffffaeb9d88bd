import type { TPromptMessage } from "./prompt/build-prompt";

export const CONTINUE_INSTRUCTION = "Continue your last reply exactly where it stopped. Do not repeat any of it.";

/** Appends the continue instruction where the provider allows it; Anthropic continues a trailing assistant turn natively. */
export function withContinueInstruction(prompt: TPromptMessage[], kind: string): TPromptMessage[] {
  return kind === "anthropic" ? prompt : [...prompt, { role: "system", content: CONTINUE_INSTRUCTION }];
}
