import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { signUp, uniqueUsername } from "./support/accounts";
import { connectTestLlm, llmRequests, resetLlm, scriptReplies } from "./support/llm";
import { lighthouseCardJson } from "../src/server/testing/lighthouse-card";

test.beforeEach(() => resetLlm());

const CATASTROPHIC_KEY = "^(a+)+$";
// Forty a's and a character that makes the match fail. A backtracking engine explodes only when a match fails:
// it then tries every way to split the a's among the nested `+`s (2^39 of them) before it gives up, which on
// JavaScript's RegExp would hold the server's one process for hours. A linear-time engine reads the text once.
const ADVERSARIAL_MESSAGE = `${"a".repeat(40)}!`;

/** The chat stories' Iris, whose lorebook now holds the catastrophic key and a regex key that does match. */
function cardWithRegexLore(): Buffer {
  const card = JSON.parse(lighthouseCardJson()) as { data: Record<string, unknown> };
  const entry = (keys: string[], content: string, order: number) => ({ keys, content, extensions: {}, enabled: true, insertion_order: order, use_regex: true });
  // A scan depth of 1 scans the new message alone, so `^` and `$` are its start and end.
  card.data.character_book = {
    scan_depth: 1,
    extensions: {},
    entries: [entry([CATASTROPHIC_KEY], "LORE: the nested pattern matched.", 1), entry(["/^A{40}!$/i"], "LORE: forty a's and a bang.", 2)],
  };
  return Buffer.from(JSON.stringify(card));
}

async function importCard(page: Page) {
  await page.goto("/characters");
  await page.getByLabel("Import cards").setInputFiles({ name: "iris.json", mimeType: "application/json", buffer: cardWithRegexLore() });
  await page.getByRole("list", { name: "Characters" }).getByRole("link", { name: /Iris/ }).click();
}

/**
 * How long the server takes to answer its health check, in milliseconds. Asked with Node's fetch rather than
 * Playwright's request context, so the time is the server's and not Playwright's while it also drives the page.
 */
async function healthMilliseconds(appUrl: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(new URL("/api/health", appUrl), { cache: "no-store" });
  expect(response.ok).toBe(true);
  await response.arrayBuffer();
  return performance.now() - started;
}

async function send(page: Page, text: string) {
  await page.getByRole("textbox", { name: "Message" }).fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

const lastReply = (page: Page) => page.getByRole("list", { name: "Messages" }).locator('li[data-role="assistant"]').last();

test("a lorebook key that would stall a backtracking engine neither delays the reply nor the server", async ({ page, baseURL }) => {
  const appUrl = baseURL ?? "";
  await signUp(page, uniqueUsername("redos"));
  await connectTestLlm(page);
  await importCard(page);
  await page.getByRole("link", { name: "Chat", exact: true }).click();
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page.getByRole("list", { name: "Messages" })).toContainText("Ahoy, User!");

  // A first exchange (and its title) warms the server's reply path, so what is timed below is the reply to the
  // adversarial message, not a cold start.
  await scriptReplies({ text: "Ahoy." }, { text: "Letters" });
  await send(page, "Hello");
  await expect(lastReply(page)).toContainText("Ahoy.");
  await expect(page.getByTestId("chat-title")).toHaveText("Letters");

  await scriptReplies({ text: "", chunks: ["Still ", "here, ", "and ", "quick."], chunkDelayMs: 700 });
  await send(page, ADVERSARIAL_MESSAGE);
  const sent = performance.now();
  // The lorebook is scanned before the reply starts; a backtracking engine would still be at it hours from now.
  await expect(lastReply(page)).toContainText("Still");
  expect(performance.now() - sent).toBeLessThan(5_000);

  // While the reply is being generated (its last words come 2.1 s after its first), the server answers its
  // health check at once, again and again. The probes start at the first words: the moments around saving the
  // message belong to the embedded database, which runs its queries on the server's thread, not to the lorebook.
  const healthTimes: number[] = [];
  const probeUntil = performance.now() + 1_400;
  while (performance.now() < probeUntil) healthTimes.push(await healthMilliseconds(appUrl));
  await expect(lastReply(page)).not.toContainText("quick.");
  expect(healthTimes.length).toBeGreaterThan(1);
  expect(Math.max(...healthTimes), `health check times (ms): ${healthTimes.map(Math.round).join(", ")}`).toBeLessThan(200);
  await expect(lastReply(page)).toContainText("Still here, and quick.");

  // The catastrophic key simply did not match; the other regex key did.
  const prompt = (await llmRequests()).find((request) => request.messages.some((message) => message.content === ADVERSARIAL_MESSAGE));
  const system = JSON.stringify(prompt?.messages[0]);
  expect(system).toContain("LORE: forty a's and a bang.");
  expect(system).not.toContain("LORE: the nested pattern matched.");
});

test("the lorebook editor says why a regex key is refused", async ({ page }) => {
  await signUp(page, uniqueUsername("patterns"));
  await importCard(page);
  await page.getByRole("link", { name: "Edit" }).click();
  const entries = page.getByRole("list", { name: "Lorebook entries" });
  // The imported keys run on the linear-time engine, so nothing is said about them.
  await expect(entries.getByRole("listitem", { name: "Entry 1" }).getByLabel("Keys", { exact: true })).toHaveValue(CATASTROPHIC_KEY);
  await expect(entries.getByRole("list", { name: "Refused patterns" })).toHaveCount(0);

  await page.getByRole("button", { name: "Add entry" }).click();
  const entry = entries.getByRole("listitem", { name: "Entry 3" });
  const keys = entry.getByLabel("Keys", { exact: true });
  await keys.fill("(ha)\\1");
  // A plain-text key is not a pattern: nothing to refuse until the entry's keys are regular expressions.
  await expect(entry.getByRole("list", { name: "Refused patterns" })).toHaveCount(0);
  await entry.getByLabel("Keys are regular expressions").check();
  const refusal = "The backreference \\1 is not supported: Coterie runs lorebook patterns on a linear-time engine.";
  await expect(entry.getByRole("list", { name: "Refused patterns" })).toHaveText(`(ha)\\1 never matches. ${refusal}`);
  await expect(keys).toHaveAttribute("aria-invalid", "true");
  await expect(keys).toHaveAccessibleDescription(`(ha)\\1 never matches. ${refusal}`);

  await keys.fill("/(ha)+/i");
  await expect(entry.getByRole("list", { name: "Refused patterns" })).toHaveCount(0);
  await expect(keys).toHaveAttribute("aria-invalid", "false");
});
