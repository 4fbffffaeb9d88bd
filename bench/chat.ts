/**
 * bench:chat — what a person feels when they send a message: from the Enter key in the composer to the reply's
 * first streamed character on screen (the next frame after it is in the page), in headless Chromium against the
 * production build, in a chat of 200 messages, minus the test LLM server's own time from the request to its first
 * token. `added_p50_ms` / `added_p95_ms` are that delay over REPLIES replies (goal: p50 < 80, p95 < 150).
 * `server_p50_ms` / `server_p95_ms` are the server's part alone, for comparison: POST /api/chats/reply from this
 * process to its first text event, minus the same LLM time.
 * Needs a production build (`npm run build`) and Debian's Chromium.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { chromium, type Page } from "@playwright/test";
import { signUp, uniqueUsername } from "../e2e/support/accounts";
import { connectTestLlm, lighthouseCard } from "../e2e/support/llm";
import { startLlmTestServer, type TLlmTestServer } from "../src/server/testing/llm-server/llm-server";
import { RATE_LIMITS } from "../src/server/rate-limit/rules";
import { CHROMIUM_ARGS, requireBuild, startApp } from "./support/app";
import { percentile, printResult } from "./support/harness";

const CHAT_MESSAGES = 200;
const REPLIES = 30;
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The test LLM server's own time to the first token of the request it answered last. */
function llmTimeToFirstToken(llm: TLlmTestServer): number {
  const last = llm.requests().at(-1);
  if (last?.timeToFirstTextMs === null || last?.timeToFirstTextMs === undefined) throw new Error("the LLM server sent no text");
  return last.timeToFirstTextMs;
}

/**
 * The reply route allows RATE_LIMITS.generationsPerUser per fixed window; the bench makes more replies than that,
 * so it waits out a window before it would pass the limit rather than measure a refusal.
 */
class GenerationBudget {
  private windowStartedAt = 0;
  private used = 0;
  async spend(): Promise<void> {
    const { limit, windowSeconds } = RATE_LIMITS.generationsPerUser;
    const windowMs = (windowSeconds + 2) * 1000;
    if (this.used >= limit - 5) {
      await sleep(Math.max(0, this.windowStartedAt + windowMs - Date.now()));
      this.used = 0;
    }
    if (this.used === 0) this.windowStartedAt = Date.now();
    this.used++;
  }
}

/** Sends one message through the reply route from this process and reads the stream to its end. */
async function sendDirect(appUrl: string, cookie: string, chatId: string, content: string, onText?: () => void): Promise<string> {
  const response = await fetch(`${appUrl}/api/chats/reply`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ action: "send", chatId, content }),
  });
  if (!response.ok || !response.body) throw new Error(`the reply route answered ${response.status}: ${await response.text()}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return buffered;
    buffered += value;
    if (onText && buffered.includes('"type":"text"')) {
      onText();
      onText = undefined;
    }
  }
}

/** Grows the chat to CHAT_MESSAGES through the reply route itself (each send saves a message and its reply). */
async function fillChat(page: Page, send: (content: string) => Promise<unknown>): Promise<number> {
  const messages = page.getByRole("list", { name: "Messages" }).getByRole("listitem");
  await messages.first().waitFor();
  const sends = Math.ceil((CHAT_MESSAGES - (await messages.count())) / 2);
  for (let index = 0; index < sends; index++) await send(`Tell me about the harbour, part ${index}.`);
  await page.reload();
  await messages.nth(CHAT_MESSAGES - 1).waitFor();
  return messages.count();
}

/** One reply through the page: Enter pressed in the composer, and the first streamed character painted. */
async function pageReply(page: Page, llm: TLlmTestServer, run: number): Promise<number> {
  const marker = `Zephyr${run}`;
  llm.script({ chunks: [marker, " and the rest of the reply."] });
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill(`Question ${run}?`);
  await page.evaluate((text) => {
    const win = window as unknown as { benchReply: Promise<number> };
    win.benchReply = new Promise<number>((resolve, reject) => {
      // A reply that never shows (a refusal, a broken page) ends the run with a reason rather than hanging it.
      setTimeout(() => reject(new Error(`the reply "${text}" was not on screen within 30 s`)), 30_000);
      let sentAt: number | null = null;
      document.addEventListener("keydown", (event) => event.key === "Enter" && (sentAt = performance.now()), { capture: true, once: true });
      const observer = new MutationObserver(() => {
        const replies = document.querySelectorAll('li[data-role="assistant"] [data-testid="message-content"]');
        if (sentAt === null || !replies[replies.length - 1]?.textContent?.includes(text)) return;
        observer.disconnect();
        const started = sentAt;
        requestAnimationFrame(() => resolve(performance.now() - started));
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  }, marker);
  await composer.press("Enter");
  const onScreen = await page.evaluate(() => (window as unknown as { benchReply: Promise<number> }).benchReply);
  await page.getByRole("list", { name: "Messages" }).getByText("and the rest of the reply.").last().waitFor();
  // The reply has finished (its message saved and the chat read again) once the composer offers Send rather than
  // Stop: until then the composer ignores Enter, and the next run would wait for a reply it never asked for.
  await page.getByRole("button", { name: "Send", exact: true }).waitFor();
  await page.waitForFunction(() => !document.querySelector('li[data-role="assistant"] .animate-pulse'));
  return onScreen - llmTimeToFirstToken(llm);
}

/** The server's part: the reply route's first text event, asked from this process with the page's cookie. */
async function serverReply(send: (content: string, onText: () => void) => Promise<string>, llm: TLlmTestServer, run: number): Promise<number> {
  llm.script({ chunks: [`Server${run}`, " and the rest."] });
  const started = performance.now();
  let firstText: number | null = null;
  const body = await send(`Server question ${run}?`, () => (firstText = performance.now() - started));
  if (firstText === null) throw new Error(`no text arrived: ${body.slice(0, 200)}`);
  return firstText - llmTimeToFirstToken(llm);
}

async function main(): Promise<void> {
  requireBuild();
  const llm = await startLlmTestServer();
  const dataDir = mkdtempSync(path.join(tmpdir(), "coterie-bench-chat-"));
  const llmPort = new URL(llm.url).port;
  const app = await startApp(dataDir, { ALLOW_PRIVATE_HOSTS: `127.0.0.1:${llmPort}` });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ baseURL: app.url });
    const page = await context.newPage();
    await signUp(page, uniqueUsername("benchchat"));
    await connectTestLlm(page, llm.url);
    await page.goto("/characters");
    await page.getByLabel("Import cards").setInputFiles({ name: "iris.json", mimeType: "application/json", buffer: lighthouseCard() });
    await page.getByRole("list", { name: "Characters" }).getByRole("link", { name: /Iris/ }).click();
    await page.getByRole("link", { name: "Chat", exact: true }).click();
    await page.getByRole("button", { name: "Start chat" }).click();
    await page.waitForURL(/\/chats\/cht_/);
    const chatId = page.url().split("/").pop()!;
    const cookie = (await context.cookies()).map(({ name, value }) => `${name}=${value}`).join("; ");
    const budget = new GenerationBudget();
    const send = async (content: string, onText?: () => void) => {
      await budget.spend();
      return sendDirect(app.url, cookie, chatId, content, onText);
    };
    console.log(`chat of ${await fillChat(page, send)} messages`);

    // A first reply warms the page and the server's reply path; it is not counted.
    const added: number[] = [];
    for (let run = 0; run <= REPLIES; run++) {
      await budget.spend();
      const delay = await pageReply(page, llm, run);
      if (run > 0) added.push(delay);
    }
    const server: number[] = [];
    for (let run = 1; run <= REPLIES; run++) server.push(await serverReply(send, llm, run));

    const round = (values: number[]) => values.map((value) => Math.round(value)).join(" ");
    console.log(`Enter to first character on screen, minus the LLM's own time (ms): ${round(added)}`);
    console.log(`server alone, request to first text event, minus the LLM's own time (ms): ${round(server)}`);
    printResult({
      added_p50_ms: percentile(added, 0.5),
      added_p95_ms: percentile(added, 0.95),
      server_p50_ms: percentile(server, 0.5),
      server_p95_ms: percentile(server, 0.95),
      replies: REPLIES,
      chat_messages: CHAT_MESSAGES,
    });
  } finally {
    await browser.close();
    await app.stop();
    await llm.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
