/** Steps that script the test LLM server and read what it received, as the chat stories need. */
import { expect, type Page } from "@playwright/test";
import { lighthouseCardJson } from "../../src/server/testing/lighthouse-card";
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

/** The chat tests' card (Iris, with a lorebook entry on "lighthouse") as a JSON file to import. */
export function lighthouseCard(): Buffer {
  return Buffer.from(lighthouseCardJson());
}

/** Adds the test LLM server (this suite's, or one at `llmUrl`) as the signed-in person's provider, as they would in Settings → Models. */
export async function connectTestLlm(page: Page, llmUrl = LLM_URL): Promise<void> {
  await page.goto("/settings/models");
  await page.getByRole("button", { name: "Add a provider" }).click();
  await page.getByLabel("Provider", { exact: true }).selectOption("openai_compatible");
  await page.getByLabel("Name", { exact: true }).fill("Local test server");
  await page.getByLabel("Base URL", { exact: true }).fill(llmUrl);
  await page.getByLabel("API key (optional)").fill("sk-e2e-secret-1234");
  await page.getByRole("button", { name: "Save provider" }).click();
  const providers = page.getByRole("list", { name: "Providers" });
  await expect(providers).toContainText("Key ••••1234");
  await expect(providers).toContainText("2 models");
  await expect(page.getByRole("list", { name: "Models" })).toContainText("test-model");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("Connected to Local test server: 2 models available.")).toBeVisible();
}
