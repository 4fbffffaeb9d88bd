import type { Page } from "@playwright/test";
import { readyToChat, startChat } from "./support/chat";
import { expect, test } from "./support/test";
import { llmRequests, resetLlm, scriptReplies } from "./support/llm";

test.beforeEach(() => resetLlm());

async function send(page: Page, text: string) {
  await page.getByRole("textbox", { name: "Message" }).fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

const messages = (page: Page) => page.getByRole("list", { name: "Messages" }).getByRole("listitem");
const lastReply = (page: Page) => page.getByRole("list", { name: "Messages" }).locator('li[data-role="assistant"]').last();

test("a provider is connected and a character's reply streams in, gets a title, and is regenerated, continued, edited and forked", async ({ page }) => {
  await readyToChat(page, "chatter");
  await startChat(page);

  await scriptReplies({ text: "", chunks: ["The tide ", "is ", "turning, ", "friend."], chunkDelayMs: 700 }, { text: "Harbour News" });
  await send(page, "What news from the lighthouse?");
  await expect(page.getByRole("button", { name: "Stop", exact: true })).toBeVisible();
  await expect(messages(page).filter({ hasText: "What news from the lighthouse?" })).toHaveCount(1);
  // Streaming: the first words are on screen before the last have been written.
  await expect(lastReply(page)).toContainText("The tide");
  await expect(lastReply(page)).not.toContainText("friend.");
  await expect(lastReply(page)).toContainText("The tide is turning, friend.");
  await expect(page.getByTestId("chat-title")).toHaveText("Harbour News");

  // The character's lorebook entry went into the prompt because its keyword was in the message.
  const [prompt] = await llmRequests();
  expect(JSON.stringify(prompt?.messages[0])).toContain("LORE: The lighthouse keeper is called Mara.");
  expect(prompt?.authorization).toBe("Bearer sk-e2e-secret-1234");

  await scriptReplies({ text: "A **second** answer. <img src=x onerror=alert(1)>", reasoning: "Thinking about the tides." });
  await page.getByRole("button", { name: "Regenerate" }).click();
  await expect(lastReply(page)).toContainText("A second answer.");
  // Markdown is rendered; HTML in a reply is not.
  await expect(lastReply(page).locator("strong")).toHaveText("second");
  await expect(lastReply(page).locator("img")).toHaveCount(0);
  // The reasoning is there, folded away until asked for.
  const reasoning = lastReply(page).getByText("Thinking about the tides.");
  await expect(reasoning).toBeHidden();
  await lastReply(page).getByText("Reasoning").click();
  await expect(reasoning).toBeVisible();
  await expect(lastReply(page).getByTestId("swipe-position")).toHaveText("2/2");
  await lastReply(page).getByRole("button", { name: "Previous reply" }).click();
  await expect(lastReply(page)).toContainText("The tide is turning, friend.");
  await expect(lastReply(page).getByTestId("swipe-position")).toHaveText("1/2");

  await scriptReplies({ text: " Mara keeps the light." });
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(lastReply(page)).toContainText("The tide is turning, friend. Mara keeps the light.");

  const question = messages(page).filter({ hasText: "What news from the lighthouse?" });
  await question.getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Edit message").fill("What news from the harbour?");
  await page.getByRole("button", { name: "Save edit" }).click();
  await expect(messages(page).filter({ hasText: "What news from the harbour?" })).toHaveCount(1);

  await page.reload();
  await expect(messages(page)).toHaveCount(3);
  await expect(lastReply(page)).toContainText("Mara keeps the light.");

  await lastReply(page).getByRole("button", { name: "Fork from here" }).click();
  await expect(page.getByTestId("chat-title")).toHaveText("Harbour News (fork)");
  await expect(messages(page)).toHaveCount(3);
  await page.goto("/chats");
  await expect(page.getByRole("list", { name: "Chats" }).getByRole("listitem")).toHaveCount(2);
});

test("Stop ends the reply mid-stream, upstream too, and keeps what was written", async ({ page }) => {
  await readyToChat(page, "stopper");
  await startChat(page);
  await scriptReplies({ text: "", chunks: ["Once ", "upon ", "a ", "time ", "there ", "was ", "a ", "very ", "long ", "story."], chunkDelayMs: 400 }, { text: "Title" });
  await send(page, "Tell me a long story");
  await expect(lastReply(page)).toContainText("Once upon");
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  await expect(lastReply(page)).toContainText("Stopped");
  await expect.poll(async () => (await llmRequests())[0]?.aborted).toBe(true);

  await page.reload();
  await expect(lastReply(page)).toContainText("Once upon");
  await expect(lastReply(page)).toContainText("Stopped");
  await expect(lastReply(page)).not.toContainText("story.");
});

test("a provider error is shown plainly and the message is kept", async ({ page }) => {
  await readyToChat(page, "unlucky");
  await startChat(page);
  await scriptReplies({ error: { status: 429, message: "Rate limit reached for requests", type: "rate_limit_error" } });
  await send(page, "Hello?");
  await expect(page.getByRole("alert").filter({ hasText: "rate-limiting" })).toBeVisible();
  await page.reload();
  await expect(messages(page).filter({ hasText: "Hello?" })).toHaveCount(1);

  await scriptReplies({ text: "Sorry, I am here now." });
  await page.getByRole("button", { name: "Regenerate" }).click();
  await expect(lastReply(page)).toContainText("Sorry, I am here now.");
});

test("a reply stream the page cannot read is reported, not shown", async ({ page }) => {
  await readyToChat(page, "garbled");
  await startChat(page);
  // What a server of another version, or a broken proxy, might send: a valid start, then a text event whose text is not text.
  await page.route("**/api/chats/reply", (route) =>
    route.fulfill({
      status: 200,
      contentType: "application/x-ndjson",
      body: '{"type":"start","sequence":2,"providerLabel":"Test","modelId":"m"}\n{"type":"text","text":42}\n{"type":"text","text":"never shown"}\n',
    }),
  );
  await send(page, "Hello?");
  await expect(page.getByRole("alert").filter({ hasText: "The reply arrived in a form this page cannot read." })).toBeVisible();
  await expect(page.getByRole("list", { name: "Messages" })).not.toContainText("never shown");
  await expect(page.getByRole("list", { name: "Messages" })).not.toContainText("42");
});

test("a reply is translated into the reader's language and back, and usage shows its cost", async ({ page }) => {
  await readyToChat(page, "polyglot");
  await page.goto("/settings/models");
  await page.getByRole("list", { name: "Models" }).getByRole("listitem").filter({ hasText: "test-model" }).filter({ hasNotText: "large" }).getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Input $/M tokens").fill("3");
  await page.getByLabel("Output $/M tokens").fill("15");
  await page.getByRole("button", { name: "Save model" }).click();
  await expect(page.getByRole("list", { name: "Models" })).toContainText("in $3.00 · out $15.00 /M");

  await page.goto("/chats");
  await page.getByLabel("Character", { exact: true }).selectOption({ label: "Iris" });
  await page.getByLabel("Opening").selectOption({ label: "Alternate 1: Fair winds, {{user}}." });
  await startChat(page);
  await scriptReplies({ text: "Good morning, sailor.", usage: { promptTokens: 1000, completionTokens: 200 } }, { text: "Morning", usage: { promptTokens: 100, completionTokens: 0 } });
  await send(page, "Good morning");
  await expect(lastReply(page)).toContainText("Good morning, sailor.");

  await scriptReplies({ text: "Bonjour, marin." });
  await page.getByLabel("Translation language").selectOption("fr");
  await lastReply(page).getByRole("button", { name: "Translate" }).click();
  await expect(lastReply(page)).toContainText("Bonjour, marin.");
  await expect(lastReply(page)).toContainText("Translated (fr)");
  const translation = (await llmRequests()).at(-1);
  expect(JSON.stringify(translation?.messages[0])).toContain("into French");
  await lastReply(page).getByRole("button", { name: "Show original" }).click();
  await expect(lastReply(page)).toContainText("Good morning, sailor.");
  await lastReply(page).getByRole("button", { name: "Show translation" }).click();
  await expect(lastReply(page)).toContainText("Bonjour, marin.");

  await page.goto("/settings/usage");
  // Chat: 1,000 × $3/M + 200 × $15/M = $0.006; title: 100 × $3/M = $0.0003; translation is estimated by the server.
  await expect(page.getByTestId("usage-generations")).toHaveText("3");
  await expect(page.getByRole("table", { name: "Model" })).toContainText("test-model");
  await expect(page.getByRole("img", { name: "Cost per day" })).toBeVisible();
});

test("an incognito chat answers but leaves nothing behind", async ({ page }) => {
  await readyToChat(page, "ghost");
  await page.getByLabel("Incognito: nothing of this chat is saved").check();
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page.getByRole("heading", { name: "Incognito chat with Iris" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Messages" })).toContainText("Fair winds, User.");
  await scriptReplies({ text: "Your secret is safe." });
  await send(page, "Keep a secret?");
  await expect(lastReply(page)).toContainText("Your secret is safe.");
  expect((await llmRequests())[0]?.messages.map((message) => message.content)).toContain("Keep a secret?");

  // Leaving asks first (e2e/chat-composer.spec.ts); here the user agrees.
  page.once("dialog", (dialog) => void dialog.accept());
  await page.goto("/chats");
  await expect(page.getByText("No chats yet.")).toBeVisible();
});
