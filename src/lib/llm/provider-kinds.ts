/**
 * The LLM providers Coterie talks to, and what the settings form needs to know about each. Shared by the
 * browser (the form) and the server (which builds AI SDK clients from them).
 */
export const PROVIDER_KINDS = ["openai", "anthropic", "google", "openrouter", "xai", "openai_compatible"] as const;
export type TProviderKind = (typeof PROVIDER_KINDS)[number];

export type TProviderKindInfo = {
  label: string;
  /** The API base used when the user leaves the field empty; null when the user must give one. */
  defaultBaseUrl: string | null;
  /** Local servers (Ollama, LM Studio, llama.cpp) often need no key. */
  keyRequired: boolean;
  keyHint: string;
};

export const PROVIDER_KIND_INFO: Record<TProviderKind, TProviderKindInfo> = {
  openai: { label: "OpenAI", defaultBaseUrl: "https://api.openai.com/v1", keyRequired: true, keyHint: "sk-…" },
  anthropic: { label: "Anthropic", defaultBaseUrl: "https://api.anthropic.com/v1", keyRequired: true, keyHint: "sk-ant-…" },
  google: { label: "Google Gemini", defaultBaseUrl: "https://generativelanguage.googleapis.com/v1beta", keyRequired: true, keyHint: "AIza…" },
  openrouter: { label: "OpenRouter", defaultBaseUrl: "https://openrouter.ai/api/v1", keyRequired: true, keyHint: "sk-or-…" },
  xai: { label: "xAI", defaultBaseUrl: "https://api.x.ai/v1", keyRequired: true, keyHint: "xai-…" },
  openai_compatible: {
    label: "OpenAI-compatible (Ollama, LM Studio, llama.cpp, vLLM)",
    defaultBaseUrl: null,
    keyRequired: false,
    keyHint: "optional",
  },
};

/** What a generation is for; each has its own model and settings. */
export const SCENARIOS = ["chat", "translation", "auto_reply", "title"] as const;
export type TScenario = (typeof SCENARIOS)[number];

export const SCENARIO_LABELS: Record<TScenario, string> = {
  chat: "Chat",
  translation: "Translation",
  auto_reply: "Room auto-reply",
  title: "Chat titles",
};

export const COST_CODES = ["priced", "no_pricing", "partial", "free"] as const;
export type TCostCode = (typeof COST_CODES)[number];
