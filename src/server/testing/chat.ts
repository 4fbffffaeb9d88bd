/** Test setup for chats: a provider pointing at the test LLM server, a character with a lorebook, and a stream reader. */
import type { TChatStreamEvent } from "@/lib/chat/stream-events";
import { importFiles } from "@/server/characters/import-characters";
import type { TDatabase } from "@/server/db/client";
import type { signedUpCaller } from "./trpc";

type TCaller = Awaited<ReturnType<typeof signedUpCaller>>["caller"];

export const LORE_KEYWORD = "lighthouse";
export const LORE_CONTENT = "LORE: The lighthouse keeper is called Mara.";

/** Connects the user to the test server as an OpenAI-compatible provider and lists its models. */
export async function connectTestProvider(caller: TCaller, baseUrl: string, apiKey = "sk-test-1234") {
  const { id } = await caller.models.createProvider({ kind: "openai_compatible", label: "Test server", baseUrl, apiKey });
  await caller.models.refreshModels({ id });
  const models = await caller.models.list();
  const model = models.find((row) => row.modelId === "test-model");
  if (!model) throw new Error("test-model was not listed");
  return { providerId: id, modelRowId: model.id };
}

export async function importTestCharacter(db: TDatabase, userId: string): Promise<string> {
  const card = {
    spec: "chara_card_v3",
    spec_version: "3.0",
    data: {
      name: "Iris",
      description: "{{char}} is a sailor who knows every harbour.",
      personality: "Warm and direct.",
      scenario: "{{char}} meets {{user}} on a pier.",
      first_mes: "Ahoy, {{user}}!",
      alternate_greetings: ["Fair winds, {{user}}."],
      mes_example: "",
      system_prompt: "",
      post_history_instructions: "",
      creator_notes: "",
      tags: [],
      creator: "tests",
      character_version: "1",
      group_only_greetings: [],
      extensions: {},
      character_book: {
        scan_depth: 2,
        extensions: {},
        entries: [{ keys: [LORE_KEYWORD], content: LORE_CONTENT, extensions: {}, enabled: true, insertion_order: 1, use_regex: false }],
      },
    },
  };
  const [result] = await importFiles(db, userId, [{ fileName: "iris.json", bytes: new TextEncoder().encode(JSON.stringify(card)) }]);
  if (!result?.ok || result.kind !== "character") throw new Error(`import failed: ${JSON.stringify(result)}`);
  return result.characterId;
}

export async function collectEvents(events: AsyncGenerator<TChatStreamEvent>): Promise<TChatStreamEvent[]> {
  const collected: TChatStreamEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

export function streamedText(events: TChatStreamEvent[]): string {
  return events.map((event) => (event.type === "text" ? event.text : "")).join("");
}
