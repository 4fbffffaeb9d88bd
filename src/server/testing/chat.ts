/** Test setup for chats: a provider pointing at the test LLM server, a character with a lorebook, and a stream reader. */
import type { TChatStreamEvent } from "@/lib/chat/stream-events";
import { importFiles } from "@/server/characters/import-characters";
import type { TDatabase } from "@/server/db/client";
import { lighthouseCardJson } from "./lighthouse-card";
import type { signedUpCaller } from "./trpc";

export { LORE_CONTENT, LORE_KEYWORD } from "./lighthouse-card";

type TCaller = Awaited<ReturnType<typeof signedUpCaller>>["caller"];

export async function connectTestProvider(caller: TCaller, baseUrl: string, apiKey = "sk-test-1234") {
  const { id } = await caller.models.createProvider({ kind: "openai_compatible", label: "Test server", baseUrl, apiKey });
  await caller.models.refreshModels({ id });
  const models = await caller.models.list();
  const model = models.find((row) => row.modelId === "test-model");
  if (!model) throw new Error("test-model was not listed");
  return { providerId: id, modelRowId: model.id };
}

export async function importTestCharacter(db: TDatabase, userId: string): Promise<string> {
  const [result] = await importFiles(db, userId, [{ fileName: "iris.json", bytes: new TextEncoder().encode(lighthouseCardJson()) }], { duplicates: "copy" });
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
