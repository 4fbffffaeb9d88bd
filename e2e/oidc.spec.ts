import type { Page } from "@playwright/test";
import { expect, newVisitorContext, test } from "./support/test";
import { openAdminPage, signOut, signUp, uniqueUsername } from "./support/accounts";
import { OIDC_PROVIDER_NAME } from "./support/constants";


/** Logs in at the OpenID provider (any login, any password) and grants consent when asked. */
async function loginAtProvider(page: Page, login: string) {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  const consent = page.getByRole("button", { name: "Continue" });
  if (await consent.isVisible({ timeout: 5_000 }).catch(() => false)) await consent.click();
}

async function viewerId(page: Page): Promise<string | null> {
  const response = await page.request.get("/api/trpc/auth.viewer");
  const body = (await response.json()) as { result: { data: { json: { id: string } | null } } };
  return body.result.data.json?.id ?? null;
}

test("the first OIDC sign-in creates the account, the second signs back into it", async ({ page }) => {
  const login = uniqueUsername("olivia");
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Continue with ${OIDC_PROVIDER_NAME}` }).click();
  await loginAtProvider(page, login);
  await expect(page.getByRole("button", { name: `Account menu for OIDC ${login}` })).toBeVisible();
  const firstId = await viewerId(page);
  expect(firstId).toMatch(/^usr_/);

  await signOut(page);
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Continue with ${OIDC_PROVIDER_NAME}` }).click();
  // The provider still has its own session for this browser, so it sends us straight back (single sign-on).
  await expect(page.getByRole("button", { name: `Account menu for OIDC ${login}` })).toBeVisible();
  expect(await viewerId(page)).toBe(firstId);

  await page.goto("/settings/sign-in-methods");
  const methods = page.getByRole("list", { name: "Sign-in methods" });
  await expect(methods.getByRole("listitem").filter({ hasText: "Username and password" })).toContainText("Not set");
  // The only way in cannot be removed.
  await methods.getByRole("button", { name: `Unlink ${OIDC_PROVIDER_NAME}` }).click();
  await expect(page.getByText(/only way to sign in/)).toBeVisible();
});

test("a password user links an OIDC account in settings, signs in with it, and unlinks it", async ({ page }) => {
  const username = uniqueUsername("linker");
  await signUp(page, username);
  const userId = await viewerId(page);

  await page.goto("/settings/sign-in-methods");
  await page.getByRole("button", { name: `Link ${OIDC_PROVIDER_NAME}` }).click();
  const login = uniqueUsername("linked");
  await loginAtProvider(page, login);
  await expect(page).toHaveURL(/\/settings\/sign-in-methods$/);
  await expect(page.getByRole("button", { name: `Unlink ${OIDC_PROVIDER_NAME}` })).toBeVisible();

  await signOut(page);
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Continue with ${OIDC_PROVIDER_NAME}` }).click();
  // Straight back from the provider (its session is still open): the linked account signs in as this user.
  await expect(page.getByRole("button", { name: `Account menu for ${username}` })).toBeVisible();
  expect(await viewerId(page)).toBe(userId);

  await page.goto("/settings/sign-in-methods");
  await page.getByRole("button", { name: `Unlink ${OIDC_PROVIDER_NAME}` }).click();
  await expect(page.getByText("Account unlinked")).toBeVisible();
  await expect(page.getByRole("button", { name: `Link ${OIDC_PROVIDER_NAME}` })).toBeVisible();
});

test("an invite link carries through a provider's sign-in and is spent by the account it creates", async ({ page: admin, browser }) => {
  await openAdminPage(admin);
  await admin.getByLabel("For (optional)").fill("Oona via single sign-on");
  await admin.getByRole("button", { name: "Create invite link" }).click();
  const link = await admin.getByRole("textbox", { name: "Invite link", exact: true }).inputValue();

  const login = uniqueUsername("oona");
  const newcomer = await (await newVisitorContext(browser)).newPage();
  await newcomer.goto(link);
  await expect(newcomer.getByText("You have been invited.")).toBeVisible();
  await newcomer.getByRole("button", { name: `Continue with ${OIDC_PROVIDER_NAME}` }).click();
  await loginAtProvider(newcomer, login);
  await expect(newcomer.getByRole("button", { name: `Account menu for OIDC ${login}` })).toBeVisible();

  await admin.reload();
  const invite = admin.getByRole("list", { name: "Invites" }).getByRole("listitem").filter({ hasText: "Oona via single sign-on" });
  await expect(invite).toContainText(`used by OIDC ${login}`);
});
