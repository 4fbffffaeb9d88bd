/** The opening steps the chat stories share: a person with the test LLM server as provider and Iris to talk to. */
import { expect, type Page } from "@playwright/test";
import { signUp, uniqueUsername } from "./accounts";
import { connectTestLlm, lighthouseCard } from "./llm";

/** Signs up, connects the test LLM server as a provider, imports Iris and opens a new chat with her. */
export async function readyToChat(page: Page, prefix: string) {
  await signUp(page, uniqueUsername(prefix));
  await connectTestLlm(page);
  await page.goto("/characters");
  await page.getByLabel("Import cards").setInputFiles({ name: "iris.json", mimeType: "application/json", buffer: lighthouseCard() });
  await page.getByRole("list", { name: "Characters" }).getByRole("link", { name: /Iris/ }).click();
  await page.getByRole("link", { name: "Chat", exact: true }).click();
  await expect(page.getByRole("button", { name: "Start chat" })).toBeVisible();
  await page.getByLabel("Opening").selectOption({ label: "Alternate 1: Fair winds, {{user}}." });
}

/** Starts the chat opened by readyToChat, from "Fair winds, {{user}}.". */
export async function startChat(page: Page) {
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page.getByRole("list", { name: "Messages" })).toContainText("Fair winds, User.");
}
