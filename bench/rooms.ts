/**
 * bench:rooms — message latency in a full room: 8 participants (8 headless Chromium contexts, each signed in
 * as its own person) in one room on loopback. Each message is sent from one page's composer in turn; the time
 * is taken from the Send click to the moment the message is on screen in every other page (a MutationObserver
 * in each page notes when it appeared). Every page runs in the same browser, so their clocks
 * (performance.timeOrigin + now) agree. As with a person, who types for a while before sending, the sender's
 * "typing…" reaches the others a moment before Send is clicked: clicking in the instant typing starts would
 * time two relays racing through eight pages sharing two cores, which no person's message does. Pages tell the
 * bench what they noted only after a short delay, so that the bench's own traffic (CDP answers through the
 * browser process) does not slow the pages still receiving the message.
 * Last line: RESULT p50_ms=… p95_ms=… (goal: p95 < 50 ms). Needs a production build and Debian's Chromium.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { signUp, uniqueUsername } from "../e2e/support/accounts";
import { CHROMIUM_ARGS, requireBuild, startApp } from "./support/app";
import { percentile, printResult } from "./support/harness";

const PARTICIPANTS = 8;
const WARMUP = 16;
const MEASURED = 200;
/** Between the others seeing "typing…" and Send: far quicker than anyone types, long enough for that news to settle. */
const TYPING_LEAD_MS = 250;
/** Longer than any page takes to show a message, so reporting arrivals never overlaps the measurement. */
const REPORT_DELAY_MS = 150;
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

type TWindow = Window & { arrivals: Map<string, number>; waiters: Map<string, (at: number) => void> };

async function signedInPage(browser: Browser, url: string, index: number): Promise<Page> {
  // Each person from their own address (the app trusts X-Forwarded-For here), as real people would be.
  const context = await browser.newContext({ baseURL: url, extraHTTPHeaders: { "x-forwarded-for": `10.77.0.${index + 1}` } });
  const page = await context.newPage();
  await signUp(page, uniqueUsername(`bench${index}`));
  return page;
}

async function bringCharacter(page: Page, name: string, button: string): Promise<void> {
  await page.getByLabel("A quick character").check();
  await page.getByLabel("Character name").fill(name);
  await page.getByRole("button", { name: button }).click();
  await page.getByRole("list", { name: "Participants" }).waitFor();
}

/** Notes when each message first appears in this page's transcript. */
function watchArrivals(page: Page): Promise<void> {
  return page.evaluate((reportDelayMs) => {
    const win = window as unknown as TWindow;
    win.arrivals = new Map();
    win.waiters = new Map();
    const list = document.querySelector('[aria-label="Room messages"]');
    if (!list) throw new Error("no transcript on the page");
    new MutationObserver((records) => {
      const now = performance.timeOrigin + performance.now();
      for (const record of records) {
        for (const node of record.addedNodes) {
          const token = /bench-\d+/.exec(node.textContent ?? "")?.[0];
          if (!token || win.arrivals.has(token)) continue;
          win.arrivals.set(token, now);
          // Answered to the bench a moment later: an answer is a CDP message through the browser process, and
          // sent at once it would compete with the pages still receiving this message (there is no bench in a
          // real room). The time noted is the arrival's.
          const waiter = win.waiters.get(token);
          if (waiter) setTimeout(() => waiter(now), reportDelayMs);
        }
      }
    }).observe(list, { childList: true });
  }, REPORT_DELAY_MS);
}

/** Resolves once this page shows that someone is typing (the status line under the transcript). */
function typingShown(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const main = document.querySelector("main");
        if (!main) return reject(new Error("no main on the page"));
        // Inline checks, not a named helper: the bundler would wrap a named function in a helper the page lacks.
        if (main.querySelector('p[role="status"]')?.textContent) return resolve();
        const observer = new MutationObserver(() => {
          if (!main.querySelector('p[role="status"]')?.textContent) return;
          observer.disconnect();
          resolve();
        });
        observer.observe(main, { subtree: true, childList: true, characterData: true });
        setTimeout(() => reject(new Error("typing was never shown")), 10_000);
      }),
  );
}

/** Types the message, waits until the others see the typing, then clicks Send inside the page and returns the click's time. */
async function send(page: Page, others: Page[], token: string): Promise<number> {
  await page.getByRole("textbox", { name: "Message" }).fill(token);
  await Promise.all(others.map(typingShown));
  await new Promise((resolve) => setTimeout(resolve, TYPING_LEAD_MS));
  return page.evaluate(
    (reportDelayMs) =>
      new Promise<number>((resolve, reject) => {
        const button = document.querySelector<HTMLButtonElement>('button[aria-label="Send"]');
        if (!button) return reject(new Error("no Send button"));
        const sentAt = performance.timeOrigin + performance.now();
        button.click();
        // Like the arrivals: the answer waits until the message has reached everyone.
        setTimeout(() => resolve(sentAt), reportDelayMs);
      }),
    REPORT_DELAY_MS,
  );
}

/** Resolves inside the page when the message has appeared (no polling, which would load the pages it measures). */
function arrivalTime(page: Page, token: string): Promise<number> {
  return page.evaluate(
    (wanted) =>
      new Promise<number>((resolve, reject) => {
        const win = window as unknown as TWindow;
        const seen = win.arrivals.get(wanted);
        if (seen !== undefined) return resolve(seen);
        win.waiters.set(wanted, resolve);
        setTimeout(() => reject(new Error(`${wanted} never arrived`)), 10_000);
      }),
    token,
  );
}

async function main(): Promise<void> {
  requireBuild();
  const work = mkdtempSync(path.join(tmpdir(), "coterie-bench-rooms-"));
  const app = await startApp(path.join(work, "data"), { TRUST_PROXY: "true" });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  try {
    const host = await signedInPage(browser, app.url, 0);
    await host.goto("/rooms");
    await host.getByLabel("Title").fill("Bench room");
    // Manual turns: only people speak, so the figure is the room's own relay, not a model's.
    await host.getByLabel("Character turns").selectOption("manual");
    await host.getByRole("button", { name: "Create room" }).click();
    await bringCharacter(host, "Host character", "Open the room");
    const link = await host.getByRole("textbox", { name: "Short link" }).inputValue();
    const pages = [host];
    for (let index = 1; index < PARTICIPANTS; index++) {
      const page = await signedInPage(browser, app.url, index);
      await page.goto(link);
      await bringCharacter(page, `Character ${index}`, "Join room");
      pages.push(page);
    }
    await host.getByRole("list", { name: "Participants" }).getByRole("listitem").nth(PARTICIPANTS - 1).waitFor();
    await Promise.all(pages.map(watchArrivals));
    console.log(`${PARTICIPANTS} participants in the room; sending ${WARMUP} warm-up and ${MEASURED} measured messages`);

    const latencies: number[] = [];
    for (let index = 0; index < WARMUP + MEASURED; index++) {
      const sender = pages[index % PARTICIPANTS]!;
      const token = `bench-${index}`;
      const others = pages.filter((page) => page !== sender);
      const arrived = Promise.all(others.map((page) => arrivalTime(page, token)));
      const sentAt = await send(sender, others, token);
      const arrivals = await arrived;
      if (index >= WARMUP) latencies.push(Math.max(...arrivals) - sentAt);
    }
    console.log(`send → on screen in all ${PARTICIPANTS - 1} other pages: min ${Math.min(...latencies).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`);
    printResult({ p50_ms: percentile(latencies, 0.5), p95_ms: percentile(latencies, 0.95) });
  } finally {
    await browser.close();
    await app.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
