import { signUp, uniqueUsername } from "./support/accounts";
import { expect, test } from "./support/test";

test.describe("a visitor finds their way around", () => {
  test("the home page introduces Coterie and links every section", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your people and your characters, together.");
    const nav = page.getByRole("navigation", { name: "Main" }).first();
    // Every section is personal: signed out, each asks to sign in first and comes back afterwards.
    for (const section of ["Characters", "Chats", "Share", "Rooms"]) {
      await nav.getByRole("link", { name: section }).click();
      await expect(page).toHaveURL(new RegExp(`/sign-in\\?next=%2F${section.toLowerCase()}$`));
    }
  });

  test("signed in, the menu marks the section being visited", async ({ page }) => {
    await signUp(page, uniqueUsername("visitor"));
    const nav = page.getByRole("navigation", { name: "Main" }).first();
    await nav.getByRole("link", { name: "Rooms" }).click();
    await expect(page).toHaveURL(/\/rooms$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rooms");
    await expect(nav.getByRole("link", { name: "Rooms" })).toHaveAttribute("aria-current", "page");
  });

  test("the status card shows the server's answer through tRPC", async ({ page }) => {
    await page.goto("/");
    const card = page.getByTestId("system-status");
    await expect(card.getByText("All systems go")).toBeVisible();
    await expect(page.getByTestId("status-database")).toHaveText(/ok · embedded · [1-9]\d* migrations?/);
    await expect(page.getByTestId("status-signaling")).toHaveText(/ok · \d+ peers online/);
  });

  test("the theme can be switched to dark and back", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto("/");
    const html = page.locator("html");
    const toggle = page.getByRole("button", { name: /theme \(click to change\)/ });
    await expect(toggle).toHaveAttribute("data-theme-choice", "system");
    await toggle.click(); // system → light
    await expect(html).not.toHaveClass(/\bdark\b/);
    await toggle.click(); // light → dark
    await expect(html).toHaveClass(/\bdark\b/);
    await page.reload();
    await expect(html).toHaveClass(/\bdark\b/);
  });

  test("the shell is usable on a 375 px phone", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await signUp(page, uniqueUsername("phone"));
    const nav = page.getByRole("navigation", { name: "Main" }).last();
    await expect(nav).toBeVisible();
    await nav.getByRole("link", { name: "Rooms" }).scrollIntoViewIfNeeded();
    await nav.getByRole("link", { name: "Rooms" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rooms");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

test.describe("an operator checks the server", () => {
  test("health reports database, migrations, signaling and version", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(response.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: "ok",
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      database: { status: "ok", driver: "pglite", migrations: expect.any(Number) },
      signaling: { status: "ok", path: "/peerjs" },
    });
  });

  test("a tRPC query answers over HTTP with superjson", async ({ request }) => {
    const response = await request.get("/api/trpc/system.status");
    expect(response.ok()).toBe(true);
    const body = (await response.json()) as { result: { data: { json: { status: string } } } };
    expect(body.result.data.json.status).toBe("ok");
  });

  test("invalid tRPC input gets the zod issues back", async ({ request }) => {
    const response = await request.get(`/api/trpc/system.status?input=${encodeURIComponent(JSON.stringify({ json: 5 }))}`);
    expect(response.status()).toBe(400);
    const body = (await response.json()) as { error: { json: { data: { code: string; zodIssues: unknown[] } } } };
    expect(body.error.json.data.code).toBe("BAD_REQUEST");
    expect(body.error.json.data.zodIssues.length).toBeGreaterThan(0);
  });
});
