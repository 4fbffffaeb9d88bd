/** Steps that script the test LLM server and read what it received, as the chat stories need. */
import type { TRecordedRequest, TScriptedReply } from "../../src/server/testing/llm-server/scripts";

export const LLM_URL = `http://127.0.0.1:${process.env.E2E_LLM_PORT ?? 3902}/v1`;
const CONTROL = LLM_URL.replace(/\/v1$/, "/__control");

export async function scriptReplies(...replies: Partial<TScriptedReply>[]): Promise<void> {
  const response = await fetch(`${CONTROL}/script`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(replies) });
  if (!response.ok) throw new Error(`scripting the LLM server failed: ${response.status}`);
}

export async function llmRequests(): Promise<TRecordedRequest[]> {
  return (await (await fetch(`${CONTROL}/requests`)).json()) as TRecordedRequest[];
}

export async function resetLlm(): Promise<void> {
  await fetch(`${CONTROL}/reset`, { method: "POST" });
}

/** A small card with one lorebook entry, as a JSON file to import. */
export function lighthouseCard(): Buffer {
  return Buffer.from(
    JSON.stringify({
      spec: "chara_card_v3",
      spec_version: "3.0",
      data: {
        name: "Iris",
        description: "{{char}} is a sailor who knows every harbour.",
        personality: "Warm.",
        scenario: "",
        first_mes: "Ahoy, {{user}}!",
        alternate_greetings: ["Fair winds, {{user}}."],
        mes_example: "",
        system_prompt: "",
        post_history_instructions: "",
        creator_notes: "",
        tags: [],
        creator: "e2e",
        character_version: "1",
        group_only_greetings: [],
        extensions: {},
        character_book: {
          extensions: {},
          entries: [{ keys: ["lighthouse"], content: "LORE: The lighthouse keeper is called Mara.", extensions: {}, enabled: true, insertion_order: 1, use_regex: false }],
        },
      },
    }),
  );
}
