import { readdirSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { BrowserContext, Page } from "@playwright/test";
import { lighthouseCardJson } from "../src/server/testing/lighthouse-card";
import { openAdminPage, signUp, uniqueUsername } from "./support/accounts";
import { connectTestLlm, lighthouseCard, resetLlm, scriptReplies } from "./support/llm";
import { expect, newVisitorContext, test } from "./support/test";

test.beforeEach(() => resetLlm());

type TProblem = { page: string; kind: "csp violation" | "console error" | "policy warning" | "uncaught error" | "failed response"; text: string; source?: string };

/**
 * Collects, on every page of the context: CSP violations (the DOM event, which fires even for a refusal that a
 * script catches), console errors, the browser's warnings about the policy headers themselves (an unknown
 * Permissions-Policy feature, an ignored CSP directive), uncaught errors, and any response with an error status
 * (a missing icon or script answers 404 without always reaching the console).
 */
async function watchForProblems(context: BrowserContext, problems: TProblem[]): Promise<void> {
  await context.exposeBinding("__reportCspViolation", ({ page }, text: string) => {
    problems.push({ page: page.url(), kind: "csp violation", text });
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => Promise<void> }).__reportCspViolation;
      void report(`${event.effectiveDirective} blocked ${event.blockedURI || "an inline resource"} ${event.sample}`.trim());
    });
  });
  context.on("console", (message) => {
    const page = message.page()?.url() ?? "";
    const source = message.location().url || undefined;
    if (message.type() === "error") problems.push({ page, kind: "console error", text: message.text(), source });
    else if (message.type() === "warning" && /Permissions-Policy|Content[- ]Security[- ]Policy/i.test(message.text())) {
      problems.push({ page, kind: "policy warning", text: message.text(), source });
    }
  });
  context.on("weberror", (error) => problems.push({ page: error.page()?.url() ?? "", kind: "uncaught error", text: error.error().message }));
  context.on("response", (response) => {
    if (response.status() >= 400) problems.push({ page: response.frame().page().url(), kind: "failed response", text: `${response.status()} ${response.request().method()}`, source: response.url() });
  });
}

/** Every page of the app as its route ("/characters/[id]/edit"), read from src/app so a new page cannot be missed. */
function appPageRoutes(directory = path.join(process.cwd(), "src", "app"), route = ""): string[] {
  const routes: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (route === "" && entry.name === "api") continue; // route handlers, not pages
      const segment = /^\(.+\)$/.test(entry.name) ? "" : `/${entry.name}`; // (groups) add nothing to the URL
      routes.push(...appPageRoutes(path.join(directory, entry.name), route + segment));
    } else if (/^page\.[jt]sx?$/.test(entry.name)) {
      routes.push(route || "/");
    }
  }
  return routes.sort();
}

/** Opens a page as a document load and lets it finish everything it does on arrival (queries, signaling). */
async function load(page: Page, url: string, status = 200): Promise<void> {
  const response = await page.goto(url);
  expect(response?.status(), `status of ${url}`).toBe(status);
  await page.waitForLoadState("networkidle");
}

const nonceOf = (policy: string | undefined) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy ?? "")?.[1];

test("each page has its own nonce on every script, and a policy without eval, framing or remote pictures", async ({ request }) => {
  const first = await request.get("/sign-in");
  const second = await request.get("/sign-in");
  const policy = first.headers()["content-security-policy"];
  const nonce = nonceOf(policy);
  expect(nonce).toBeTruthy();
  expect(nonceOf(second.headers()["content-security-policy"])).not.toBe(nonce);

  const directives = new Map((policy ?? "").split("; ").map((directive) => [directive.split(" ")[0], directive]));
  expect(directives.get("script-src")).toBe(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
  expect(policy).not.toContain("unsafe-eval");
  expect(directives.get("frame-ancestors")).toBe("frame-ancestors 'none'");
  expect(directives.get("object-src")).toBe("object-src 'none'");
  expect(directives.get("base-uri")).toBe("base-uri 'self'");
  expect(directives.get("img-src")).toBe("img-src 'self' data:");
  expect(directives.get("connect-src")).toBe("connect-src 'self'");
  // Forms stay on Coterie, or go to the configured sign-in provider (the suite's OpenID provider).
  expect(directives.get("form-action")).toBe(`form-action 'self' http://localhost:${process.env.E2E_OIDC_PORT ?? 3901}`);

  // Next.js put this request's nonce on every script it wrote, its inline payloads and next-themes' script too.
  const scripts = (await first.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(3);
  for (const script of scripts) expect(script).toContain(` nonce="${nonce}"`);

  const headers = first.headers();
  for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) expect(headers["permissions-policy"]).toContain(`${feature}=()`);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  // The suite serves plain http (no https PUBLIC_URL), where HSTS must not be sent.
  expect(headers["strict-transport-security"]).toBeUndefined();
});

test("every page of the app loads, signed out and signed in, with no CSP violation and no console error", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const problems: TProblem[] = [];
  const visited = new Set<string>();
  const visit = async (who: Page, route: string, url = route) => {
    visited.add(route);
    await load(who, url);
  };
  await watchForProblems(page.context(), problems);
  const strangerContext = await newVisitorContext(browser);
  await watchForProblems(strangerContext, problems);
  const stranger = await strangerContext.newPage();

  // Someone who is not signed in looks around; an unknown address gets the not-found page.
  for (const route of ["/", "/sign-in", "/sign-up", "/connection-test", "/reset-password"]) await visit(stranger, route);
  await load(stranger, "/no-such-page", 404);

  // An account with a provider and a character, then every page of theirs.
  await signUp(page, uniqueUsername("inspector"));
  await connectTestLlm(page);
  await visit(page, "/settings/models");
  await visit(page, "/characters");
  await page.getByLabel("Import cards").setInputFiles({ name: "iris.json", mimeType: "application/json", buffer: lighthouseCard() });
  await page.getByRole("list", { name: "Characters" }).getByRole("link", { name: /Iris/ }).click();
  await expect(page).toHaveURL(/\/characters\/chr_[\w-]+$/);
  const characterUrl = page.url();
  const characterId = characterUrl.split("/").pop() ?? "";
  await visit(page, "/characters/[id]", characterUrl);
  await visit(page, "/characters/[id]/edit", `${characterUrl}/edit`);
  await visit(page, "/characters/personas");
  await visit(page, "/characters/new");
  await load(page, characterUrl);
  await page.getByRole("link", { name: "Chat", exact: true }).click();
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page).toHaveURL(/\/chats\/cht_[\w-]+$/);
  await visit(page, "/chats/[id]", page.url());
  await expect(page.getByRole("list", { name: "Messages" })).toContainText("Ahoy, User!");
  await visit(page, "/chats");
  await visit(page, "/chats/incognito", `/chats/incognito?character=${characterId}`);
  await expect(page.getByRole("list", { name: "Messages" })).toContainText("Ahoy, User!");
  for (const route of ["/", "/connection-test", "/share", "/rooms", "/settings", "/settings/profile", "/settings/devices", "/settings/sign-in-methods", "/settings/usage", "/sign-in", "/sign-up"]) {
    await visit(page, route);
  }

  // A share link, open in the sender's tab: the stranger's download page reaches the sender over signaling and WebRTC.
  const sender = await page.context().newPage();
  await load(sender, "/share");
  await sender.getByLabel("Files to share").setInputFiles({ name: "note.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
  await sender.getByRole("button", { name: "Create link" }).click();
  const shareLink = await sender.getByRole("textbox", { name: "Short link" }).inputValue();
  expect(shareLink).toMatch(/\/s\/\w{12}$/);
  await visit(stranger, "/s/[slug]", shareLink);
  await expect(stranger.getByTestId("sender-status")).toHaveText("The sender's browser is online and ready to send.");
  await visit(page, "/s/[slug]", shareLink);

  // A room, hosted in its own tab; another signed-in person opens the link and joins over signaling.
  const host = await page.context().newPage();
  await load(host, "/rooms");
  await host.getByLabel("Title").fill("Inspection");
  await host.getByRole("button", { name: "Create room" }).click();
  await host.getByLabel("A quick character").check();
  await host.getByLabel("Character name").fill("Iris");
  await host.getByRole("button", { name: "Open the room" }).click();
  const roomLink = await host.getByRole("textbox", { name: "Short link" }).inputValue();
  const guestContext = await newVisitorContext(browser);
  await watchForProblems(guestContext, problems);
  const guest = await guestContext.newPage();
  await signUp(guest, uniqueUsername("guest"));
  await visit(guest, "/rooms/[slug]", roomLink);
  await guest.getByLabel("A quick character").check();
  await guest.getByLabel("Character name").fill("Bram");
  await guest.getByRole("button", { name: "Join room" }).click();
  await expect(host.getByRole("list", { name: "Participants" }).getByRole("listitem")).toHaveCount(2);
  // Signed out, the room's page asks the stranger to sign in first.
  await load(stranger, roomLink);
  await expect(stranger).toHaveURL(/\/sign-in\?next=/);

  // The administrator's page.
  const adminContext = await newVisitorContext(browser);
  await watchForProblems(adminContext, problems);
  const administrator = await adminContext.newPage();
  await openAdminPage(administrator);
  visited.add("/admin");

  // The one error expected: the not-found page's own 404 status, as a response and as the browser's report of it.
  const notFound = (problem: TProblem) => problem.source?.endsWith("/no-such-page") && ((problem.kind === "console error" && problem.text.includes("status of 404")) || (problem.kind === "failed response" && problem.text === "404 GET"));
  expect(problems.filter((problem) => !notFound(problem))).toEqual([]);
  expect(problems.filter(notFound)).toHaveLength(2);
  expect([...visited].sort()).toEqual(appPageRoutes());
});

/** The width and height a PNG declares in its header chunk. */
function pngSize(bytes: Buffer): string {
  expect(bytes.subarray(1, 4).toString("latin1"), "a PNG signature").toBe("PNG");
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

test("every page names the app's icons and web manifest, and each of them is served", async ({ page, request }) => {
  await load(page, "/sign-in");
  const head = page.locator("head");
  await expect(head.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  await expect(head.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/apple-touch-icon.png");
  const icons = await head.locator('link[rel="icon"]').evaluateAll((links) => links.map((link) => link.getAttribute("href")));
  expect(icons).toEqual(["/favicon.ico", "/icon.svg"]);

  const favicon = await request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toBe("image/x-icon");
  const ico = await favicon.body();
  expect([ico.readUInt16LE(2), ico.readUInt16LE(4)], "an icon file holding three images").toEqual([1, 3]);
  const touch = await request.get("/apple-touch-icon.png");
  expect(pngSize(await touch.body())).toBe("180x180");

  const manifestResponse = await request.get("/manifest.webmanifest");
  expect(manifestResponse.status()).toBe(200);
  expect(manifestResponse.headers()["content-type"]).toMatch(/^application\/manifest\+json/);
  const manifest = (await manifestResponse.json()) as { name: string; start_url: string; display: string; icons: { src: string; sizes: string; type: string; purpose?: string }[] };
  expect(manifest).toMatchObject({ name: "Coterie", start_url: "/", display: "standalone" });
  // Browsers that install the app want a 192 and a 512 square, and a maskable one for launchers that crop.
  expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose ?? "any"}`)).toEqual(["any any", "192x192 any", "512x512 any", "512x512 maskable"]);
  for (const icon of manifest.icons) {
    const response = await request.get(icon.src);
    expect(response.status(), icon.src).toBe(200);
    expect(response.headers()["content-type"], icon.src).toBe(icon.type);
    if (icon.type === "image/png") expect(pngSize(await response.body()), icon.src).toBe(icon.sizes);
  }
});

/** A local HTTP server standing in for a tracker: it records every request that reaches it. */
async function startTracker() {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? "");
    response.writeHead(200, { "content-type": "image/gif" }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test("a picture in a card's greeting, a chat reply or a room message is shown as a link and never fetched", async ({ page }) => {
  const tracker = await startTracker();
  const problems: TProblem[] = [];
  await watchForProblems(page.context(), problems);
  const card = JSON.parse(lighthouseCardJson()) as { data: { first_mes: string } };
  card.data.first_mes = `Ahoy, {{user}}! ![](${tracker.url}/greeting.png)`;

  await signUp(page, uniqueUsername("reader"));
  await connectTestLlm(page);
  await page.goto("/characters");
  await page.getByLabel("Import cards").setInputFiles({ name: "iris.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(card)) });
  await page.getByRole("list", { name: "Characters" }).getByRole("link", { name: /Iris/ }).click();
  await page.getByRole("link", { name: "Chat", exact: true }).click();
  await page.getByRole("button", { name: "Start chat" }).click();
  const replies = page.getByRole("list", { name: "Messages" }).locator('li[data-role="assistant"]');
  await expect(replies.first()).toContainText("Ahoy, User!");
  await expect(replies.first().getByRole("link", { name: "[image]" })).toHaveAttribute("href", `${tracker.url}/greeting.png`);

  await scriptReplies({ text: `Look at this: ![the lighthouse](${tracker.url}/reply.png)` }, { text: "Pictures" });
  await page.getByRole("textbox", { name: "Message" }).fill("Show me the lighthouse");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(replies.last().getByRole("link", { name: "[image: the lighthouse]" })).toHaveAttribute("href", `${tracker.url}/reply.png`);
  await expect(page.getByRole("list", { name: "Messages" }).locator("img")).toHaveCount(0);

  // In a room, a character's message is markdown too.
  await page.goto("/rooms");
  await page.getByLabel("Title").fill("Picture frame");
  await page.getByLabel("Character turns").selectOption("natural");
  await page.getByRole("button", { name: "Create room" }).click();
  await page.getByLabel("A quick character").check();
  await page.getByLabel("Character name").fill("Iris");
  await page.getByRole("button", { name: "Open the room" }).click();
  await scriptReplies({ text: `From the room: ![](${tracker.url}/room.png)` });
  await page.getByRole("textbox", { name: "Message" }).fill("Iris, what do you see?");
  await page.getByRole("button", { name: "Send" }).click();
  const roomReply = page.getByRole("list", { name: "Room messages" }).locator('li[data-kind="character"]');
  await expect(roomReply.getByRole("link", { name: "[image]" })).toHaveAttribute("href", `${tracker.url}/room.png`);
  await expect(page.getByRole("list", { name: "Room messages" }).locator("img")).toHaveCount(0);

  // An image element would have been requested as soon as it was rendered; give a stray one time to arrive.
  await page.waitForTimeout(500);
  await tracker.close();
  expect(tracker.requests).toEqual([]);
  expect(problems).toEqual([]);
});
