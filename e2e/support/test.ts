/**
 * The suite's `test`: every story, and every extra browser a story opens, comes from its own client address.
 * The e2e server trusts X-Forwarded-For (as it would behind a reverse proxy), so per-address limits such as
 * sign-ups per hour apply to each visitor, as they do for real people, instead of to the whole suite at once.
 */
import { test as base, type Browser, type BrowserContext } from "@playwright/test";

let visitors = 0;

/** A fresh address in 10.0.0.0/8 for each simulated visitor. */
export function newClientAddress(): string {
  visitors++;
  return `10.${(process.pid >> 8) & 255}.${(visitors >> 8) & 255}.${visitors & 255}`;
}

export function visitorHeaders(): Record<string, string> {
  return { "x-forwarded-for": newClientAddress() };
}

/** Other people's browsers opened by the running story; they are closed when it ends. */
const openVisitorContexts = new Set<BrowserContext>();

/** Another person's browser, from their own address, open until the story ends. */
export async function newVisitorContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ extraHTTPHeaders: visitorHeaders() });
  openVisitorContexts.add(context);
  context.once("close", () => openVisitorContexts.delete(context));
  return context;
}

export const test = base.extend<{ closeVisitorContexts: void }>({
  // Playwright fixtures name their dependencies by destructuring; these have none.
  extraHTTPHeaders: async ({}, provide) => provide(visitorHeaders()),
  // Playwright closes only the contexts it made itself. A visitor's pages left open would go on running (signaling
  // peers, data channels, polling) through every later story in the worker, so each story ends with its own.
  closeVisitorContexts: [
    async ({}, provide) => {
      await provide();
      await Promise.all([...openVisitorContexts].map((context) => context.close()));
    },
    { auto: true },
  ],
});

export { expect } from "@playwright/test";
