import type { Page } from "@playwright/test";
import { readyToChat, startChat } from "./support/chat";
import { expect, test } from "./support/test";
import { llmRequests, resetLlm, scriptReplies } from "./support/llm";
import { MAX_MESSAGE_CHARACTERS, MESSAGE_TOO_LONG } from "../src/lib/chat/message-length";

test.beforeEach(() => resetLlm());

const box = (page: Page) => page.getByRole("textbox", { name: "Message" });
const messages = (page: Page) => page.getByRole("list", { name: "Messages" }).getByRole("listitem");
const lastReply = (page: Page) => page.getByRole("list", { name: "Messages" }).locator('li[data-role="assistant"]').last();
const ownMessages = (page: Page) => page.getByRole("list", { name: "Messages" }).locator('li[data-role="user"]');

/** Whether the end of the messages shows above the composer (within a few pixels). */
const atNewest = (page: Page) =>
  page.evaluate(() => {
    const list = document.querySelector('[aria-label="Messages"]')!.getBoundingClientRect();
    const composer = document.querySelector('textarea[aria-label="Message"]')!.closest(".sticky")!.getBoundingClientRect();
    return list.bottom - composer.top <= 48;
  });

test("a message near the length limit is counted, one past it is refused whole, and at the limit it is sent", async ({ page }) => {
  await readyToChat(page, "verbose");
  await startChat(page);

  await box(page).fill("a".repeat(MAX_MESSAGE_CHARACTERS - 1_000));
  await expect(page.getByTestId("message-length")).toHaveText("19,000 / 20,000");
  await expect(page.getByRole("button", { name: "Send" })).toBeEnabled();

  // Pasted text is never cut: the box keeps all of it and says why it will not send.
  await box(page).fill("b".repeat(MAX_MESSAGE_CHARACTERS + 1));
  await expect(box(page)).toHaveValue("b".repeat(MAX_MESSAGE_CHARACTERS + 1));
  await expect(page.getByText(MESSAGE_TOO_LONG)).toBeVisible();
  await expect(page.getByTestId("message-length")).toHaveText("20,001 / 20,000");
  await expect(page.getByRole("button", { name: "Send" })).toBeDisabled();
  await box(page).press("Enter");

  await scriptReplies({ text: "That is a long letter." }, { text: "Letter" });
  await box(page).press("Backspace");
  await expect(page.getByText(MESSAGE_TOO_LONG)).toBeHidden();
  await page.getByRole("button", { name: "Send" }).click();
  await expect(lastReply(page)).toContainText("That is a long letter.");
  // Only the shortened message went out (Enter on the long one sent nothing), and all of it.
  await page.reload();
  await expect(ownMessages(page)).toHaveCount(1);
  await expect(ownMessages(page).getByTestId("message-content")).toHaveText("b".repeat(MAX_MESSAGE_CHARACTERS));
  expect((await llmRequests()).filter((request) => JSON.stringify(request.messages).includes("b".repeat(MAX_MESSAGE_CHARACTERS)))).toHaveLength(1);
});

test("the keyboard sends, breaks lines, stops a reply, swipes the last reply and edits the last own message", async ({ page }) => {
  await readyToChat(page, "typist");
  await startChat(page);

  await page.getByText("Keyboard shortcuts").click();
  const shortcuts = page.getByRole("definition");
  await expect(shortcuts.filter({ hasText: "Stop the reply" })).toBeVisible();
  await expect(shortcuts.filter({ hasText: "Edit your last message" })).toBeVisible();

  await scriptReplies({ text: "", chunks: ["Once ", "upon ", "a ", "time ", "there ", "was ", "a ", "very ", "long ", "story."], chunkDelayMs: 400 }, { text: "Title" });
  await box(page).pressSequentially("First line");
  await box(page).press("Shift+Enter");
  await box(page).pressSequentially("second line");
  await box(page).press("Enter");
  await expect(ownMessages(page).getByTestId("message-content")).toHaveText(/First line\s+second line/);
  await expect(lastReply(page)).toContainText("Once upon");
  await box(page).press("Escape");
  await expect(lastReply(page)).toContainText("Stopped");
  await expect.poll(async () => (await llmRequests())[0]?.aborted).toBe(true);

  // A stopped reply gets no title, so the scripted title is dropped with the rest.
  await resetLlm();
  await scriptReplies({ text: "A second answer." });
  await page.getByRole("button", { name: "Regenerate" }).click();
  await expect(lastReply(page).getByTestId("swipe-position")).toHaveText("2/2");
  await box(page).press("ArrowLeft");
  await expect(lastReply(page).getByTestId("swipe-position")).toHaveText("1/2");
  await expect(lastReply(page)).toContainText("Once upon");
  await box(page).press("ArrowRight");
  await expect(lastReply(page).getByTestId("swipe-position")).toHaveText("2/2");
  await expect(lastReply(page)).toContainText("A second answer.");

  // With text in the box the arrows move the cursor, as anywhere else.
  await box(page).fill("draft");
  await box(page).press("ArrowLeft");
  await expect(lastReply(page).getByTestId("swipe-position")).toHaveText("2/2");
  await box(page).fill("");

  await box(page).press("ArrowUp");
  const editBox = page.getByLabel("Edit message");
  await expect(editBox).toBeFocused();
  await expect(editBox).toHaveValue("First line\nsecond line");
  await editBox.fill("Only one line");
  await page.getByRole("button", { name: "Save edit" }).click();
  await expect(ownMessages(page)).toContainText("Only one line");
});

test("the chat follows a streaming reply at the bottom, leaves a reader who scrolled up alone, and opens at the newest", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await readyToChat(page, "scroller");
  await startChat(page);
  const paragraphs = Array.from({ length: 40 }, (_, index) => `Paragraph ${index + 1} of the tale.\n\n`);
  await scriptReplies({ text: "", chunks: paragraphs, chunkDelayMs: 150 }, { text: "Tale" });
  await box(page).fill("Tell me a tale");
  await box(page).press("Enter");

  await expect(lastReply(page)).toContainText("Paragraph 12 of");
  expect(await atNewest(page)).toBe(true);
  await expect(page.getByRole("button", { name: "Jump to newest" })).toBeHidden();

  await page.mouse.move(200, 400);
  await page.mouse.wheel(0, -700);
  const jump = page.getByRole("button", { name: "Jump to newest" });
  await expect(jump).toBeVisible();
  await page.waitForTimeout(400); // the wheel's scroll animation ends
  const scrolledTo = await page.evaluate(() => window.scrollY);
  await expect(lastReply(page)).toContainText("Paragraph 40 of");
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolledTo);
  expect(await atNewest(page)).toBe(false);

  await jump.click();
  await expect.poll(() => atNewest(page)).toBe(true);
  await expect(jump).toBeHidden();

  await page.reload();
  await expect(lastReply(page)).toContainText("Paragraph 40 of");
  await expect.poll(() => atNewest(page)).toBe(true);
});

/** WCAG contrast of each element's text against what is really behind it, from the computed colours. */
async function contrastsIn(page: Page, selector: string) {
  return page.locator(selector).evaluateAll((elements) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const context = canvas.getContext("2d", { willReadFrequently: true })!;
    // The canvas composites translucent colours over each other, whatever syntax (oklch, alpha) they use.
    const paint = (colours: string[]) => {
      context.globalCompositeOperation = "source-over";
      context.fillStyle = "#fff";
      context.fillRect(0, 0, 1, 1);
      for (const colour of colours) {
        context.fillStyle = colour;
        context.fillRect(0, 0, 1, 1);
      }
      const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
      return [r!, g!, b!];
    };
    const luminance = (rgb: number[]) => {
      const [r, g, b] = rgb.map((value) => {
        const channel = value / 255;
        return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    return elements.map((element) => {
      const layers: string[] = [];
      for (let node: Element | null = element; node; node = node.parentElement) layers.unshift(getComputedStyle(node).backgroundColor);
      const background = paint(layers);
      const text = paint([...layers, getComputedStyle(element).color]);
      const [lighter, darker] = [luminance(background), luminance(text)].sort((a, b) => b - a);
      return { tag: element.tagName.toLowerCase(), text: element.textContent, contrast: (lighter! + 0.05) / (darker! + 0.05) };
    });
  });
}

test("markdown in the user's own bubble stays readable in the light and the dark theme", async ({ page }) => {
  await readyToChat(page, "contrast");
  await startChat(page);
  await scriptReplies({ text: "I see." }, { text: "Waves" });
  await box(page).fill("*waves from the pier* and `ropes`, see [the chart](https://example.com/chart)\n\n> a quoted line");
  await box(page).press("Enter");
  await expect(lastReply(page)).toContainText("I see.");

  const bubble = 'li[data-role="user"] [data-testid="message-content"]';
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await expect(page.locator("html")).toHaveClass(colorScheme === "dark" ? /dark/ : /^(?!.*dark)/);
    const measured = await contrastsIn(page, `${bubble} em, ${bubble} code, ${bubble} a, ${bubble} blockquote, ${bubble} p`);
    expect(measured.map(({ tag }) => tag).sort()).toEqual(["a", "blockquote", "code", "em", "p", "p"]);
    for (const { tag, text, contrast } of measured) expect(contrast, `${colorScheme}: <${tag}> "${text}"`).toBeGreaterThanOrEqual(4.5);
  }
});

test("leaving an incognito chat asks first, by link or by closing the tab", async ({ page }) => {
  await readyToChat(page, "ghostly");
  await page.getByLabel("Incognito: nothing of this chat is saved").check();
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page.getByRole("heading", { name: "Incognito chat with Iris" })).toBeVisible();
  await scriptReplies({ text: "Your secret is safe." });
  await box(page).fill("Keep a secret?");
  await box(page).press("Enter");
  await expect(lastReply(page)).toContainText("Your secret is safe.");

  // A link inside the app: the user changes their mind and stays, with the chat intact.
  const questions: string[] = [];
  page.once("dialog", (dialog) => {
    questions.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole("link", { name: "Coterie" }).click();
  await expect.poll(() => questions).toEqual(["Leave this incognito chat? Nothing of it is saved, so it will be gone."]);
  await expect(page).toHaveURL(/\/chats\/incognito/);
  await expect(messages(page).filter({ hasText: "Keep a secret?" })).toHaveCount(1);

  // Closing the tab: the browser asks with its own words.
  const closing = page.waitForEvent("dialog");
  await page.close({ runBeforeUnload: true });
  const dialog = await closing;
  expect(dialog.type()).toBe("beforeunload");
  await dialog.dismiss();
  expect(page.isClosed()).toBe(false);
  await expect(messages(page).filter({ hasText: "Keep a secret?" })).toHaveCount(1);

  page.once("dialog", (confirm) => void confirm.accept());
  await page.getByRole("link", { name: "Coterie" }).click();
  await expect(page).not.toHaveURL(/\/chats\/incognito/);
});

test("deleting a message asks first, and Cancel keeps it", async ({ page }) => {
  await readyToChat(page, "deleter");
  await startChat(page);
  await scriptReplies({ text: "Aye, the light is lit." }, { text: "Light" });
  await box(page).fill("Is the light lit?");
  await box(page).press("Enter");
  await expect(lastReply(page)).toContainText("Aye, the light is lit.");

  await lastReply(page).getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Delete this message?" });
  await expect(dialog).toContainText("Iris's reply will be gone for good.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(messages(page)).toHaveCount(3);

  await lastReply(page).getByRole("button", { name: "Delete" }).click();
  await dialog.getByRole("button", { name: "Delete message" }).click();
  await expect(messages(page)).toHaveCount(2);
  await page.reload();
  await expect(messages(page)).toHaveCount(2);
  await expect(page.getByRole("list", { name: "Messages" })).not.toContainText("Aye, the light is lit.");
});
