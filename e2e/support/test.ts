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

/** Another person's browser, from their own address. */
export function newVisitorContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ extraHTTPHeaders: visitorHeaders() });
}

export const test = base.extend({
  // Playwright fixtures name their dependencies by destructuring; this one has none.
  extraHTTPHeaders: async ({}, provide) => provide(visitorHeaders()),
});

export { expect } from "@playwright/test";
