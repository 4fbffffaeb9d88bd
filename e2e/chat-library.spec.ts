import type { Page } from "@playwright/test";
import { readyToChat, startChat } from "./support/chat";
import { expect, test } from "./support/test";
import { llmRequests, resetLlm, scriptReplies } from "./support/llm";

test.beforeEach(() => resetLlm());

/** Signs up, connects the test LLM server, imports Iris and starts a chat with her from "Fair winds, {{user}}.". */
async function chatWithIris(page: Page, prefix: string) {
  await readyToChat(page, prefix);
  await startChat(page);
}

async function send(page: Page, text: string) {
  await page.getByRole("textbox", { name: "Message" }).fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

const messageList = (page: Page) => page.getByRole("list", { name: "Messages" });
const lastReply = (page: Page) => messageList(page).locator('li[data-role="assistant"]').last();
const chatList = (page: Page) => page.getByRole("list", { name: "Chats" });

test("the automatic title is made from the names, and the chat list counts 1 message and 3 messages", async ({ page }) => {
  await chatWithIris(page, "titled");
  await page.goto("/chats");
  await expect(chatList(page)).toContainText("Iris · 1 message");
  await chatList(page).getByRole("link").first().click();

  await scriptReplies({ text: "Ahoy, {{user}}." }, { text: "{{char}} greets {{user}}" });
  await send(page, "Hello {{char}}!");
  await expect(page.getByTestId("chat-title")).toHaveText("Iris greets User");
  const titleRequest = JSON.stringify((await llmRequests())[1]?.messages);
  expect(titleRequest).toContain("Iris: Fair winds, User.");
  expect(titleRequest).toContain("User: Hello Iris!");
  expect(titleRequest).not.toContain("{{");

  await page.goto("/chats");
  await expect(chatList(page)).toContainText("Iris greets User");
  await expect(chatList(page)).toContainText("Iris · 3 messages");
});

test("an archived chat says so and is read-only until it is restored", async ({ page }) => {
  await chatWithIris(page, "archivist");
  await page.getByRole("button", { name: "Archive chat" }).click();
  await expect(page.getByRole("status").filter({ hasText: "This chat is archived. It is read-only until you restore it." })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Message" })).toHaveCount(0);
  await expect(lastReply(page).getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Rename chat" })).toHaveCount(0);
  await expect(page.getByLabel("Your persona in this chat")).toBeDisabled();
  // The memories are listed (the panel has loaded them), without the form the server would refuse.
  await page.getByText("Memories", { exact: true }).click();
  await expect(page.getByText("Memories (0/50)")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "New memory" })).toHaveCount(0);

  // The server refuses too, whatever the page shows: a reply to an archived chat is never asked for.
  const refused = await page.request.post("/api/chats/reply", { data: { action: "regenerate", chatId: page.url().split("/").at(-1) } });
  expect(refused.status()).toBe(409);
  expect(await llmRequests()).toHaveLength(0);

  await page.goto("/chats");
  await expect(chatList(page).getByRole("listitem")).toHaveCount(0);
  await page.getByLabel("Archived").check();
  await chatList(page).getByRole("link").first().click();
  await page.getByRole("button", { name: "Restore", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "archived" })).toHaveCount(0);
  await scriptReplies({ text: "Back at sea." }, { text: "Title" });
  await send(page, "Shall we?");
  await expect(lastReply(page)).toContainText("Back at sea.");
});

test("a fork carries the chat's memories, and the persona of an existing chat can be changed", async ({ page }) => {
  await chatWithIris(page, "forker");
  await page.getByText("Memories").click();
  await page.getByLabel("New memory").fill("Iris fears the fog.");
  await page.getByRole("button", { name: "Remember", exact: true }).click();
  await expect(page.getByRole("list", { name: "Memories" })).toContainText("Iris fears the fog.");

  await lastReply(page).getByRole("button", { name: "Fork from here" }).click();
  await expect(page.getByTestId("chat-title")).toHaveText("Chat with Iris (fork)");
  await page.getByText("Memories").click();
  await expect(page.getByRole("list", { name: "Memories" })).toContainText("Iris fears the fog.");

  const forkUrl = page.url();
  await page.goto("/characters/personas");
  await page.getByRole("button", { name: "New persona" }).click();
  await page.getByLabel("Name").fill("Marlow");
  await page.getByLabel("Description").fill("A retired navigator.");
  await page.getByRole("button", { name: "Save persona" }).click();
  await expect(page.getByText("Marlow")).toBeVisible();

  await page.goto(forkUrl);
  await page.getByLabel("Your persona in this chat").selectOption({ label: "Marlow" });
  await expect(messageList(page)).toContainText("Fair winds, Marlow.");
  await scriptReplies({ text: "Welcome, navigator." }, { text: "Title" });
  await send(page, "Hello");
  await expect(lastReply(page)).toContainText("Welcome, navigator.");
  // The reply's request, whichever order it and the automatic title's request reached the LLM server in.
  const replyRequest = (await llmRequests()).find((request) => !JSON.stringify(request.messages[0]).includes("Write a title"));
  expect(JSON.stringify(replyRequest?.messages[0])).toContain("A retired navigator.");
  await page.reload();
  await expect(page.getByLabel("Your persona in this chat")).toHaveValue(/^per_/);
});

test("deleting a chat asks first, and Cancel keeps it", async ({ page }) => {
  await chatWithIris(page, "deleter");
  await page.getByRole("button", { name: "Delete chat" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("Delete this chat?");
  await expect(dialog).toContainText("its 1 message will be gone for good");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await page.reload();
  await expect(messageList(page)).toContainText("Fair winds, User.");

  await page.getByRole("button", { name: "Delete chat" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete chat" }).click();
  await expect(page).toHaveURL(/\/chats$/);
  await expect(page.getByText("No chats yet.")).toBeVisible();
});

test("a second tab of the same chat shows new messages without a reload, refetching the chat only when it changed", async ({ page, context }) => {
  await chatWithIris(page, "two-tabs");
  const second = await context.newPage();
  const fullRefetches: string[] = [];
  const revisionPolls: string[] = [];
  second.on("request", (request) => {
    if (!request.url().includes("/api/trpc/")) return;
    if (request.url().includes("chats.byId")) fullRefetches.push(request.url());
    if (request.url().includes("chats.revision")) revisionPolls.push(request.url());
  });
  await second.goto(page.url());
  await expect(messageList(second)).toContainText("Fair winds, User.");
  // While nothing changes, the second tab only asks for the revision.
  await expect.poll(() => revisionPolls.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  expect(fullRefetches).toHaveLength(1);

  await page.bringToFront();
  await scriptReplies({ text: "Seen from both tabs." }, { text: "Title" });
  await send(page, "Is anyone there?");
  await expect(lastReply(page)).toContainText("Seen from both tabs.");
  await expect(messageList(second)).toContainText("Is anyone there?");
  await expect(lastReply(second)).toContainText("Seen from both tabs.");
  // One load, then one refetch per change it saw (the message, then the reply): never one per poll.
  expect(fullRefetches.length).toBeLessThanOrEqual(3);
  const pollsSoFar = revisionPolls.length;
  await expect.poll(() => revisionPolls.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(pollsSoFar + 2);
  expect(fullRefetches.length).toBeLessThanOrEqual(3);
});
