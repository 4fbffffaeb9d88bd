/** Account steps shared by the stories: the same clicks a person makes. */
import { expect, type Page } from "@playwright/test";
import { ADMIN_PASSWORD, ADMIN_USERNAME } from "./constants";

export const PASSWORD = "correct horse battery staple";

export function uniqueUsername(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** The form's own message (Next.js also keeps an empty route-announcer alert on every page). */
export function formAlert(page: Page) {
  return page.locator("form").getByRole("alert");
}

export async function signUp(page: Page, username: string) {
  await page.goto("/sign-up");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("button", { name: `Account menu for ${username}` })).toBeVisible();
}

export async function signIn(page: Page, username: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: /^Account menu for / }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
}

/** This browser's device (session) ID, as the Devices list knows it: what its signaling tokens are bound to. */
export async function sessionIdOf(page: Page): Promise<string> {
  const response = await page.request.get("/api/trpc/account.devices");
  const body = (await response.json()) as { result: { data: { json: { id: string; current: boolean }[] } } };
  const current = body.result.data.json.find((device) => device.current);
  if (!current) throw new Error("no current device");
  return current.id;
}

/** Signs in as the suite's administrator (see global-setup.ts) and opens the admin page from the account menu. */
export async function openAdminPage(page: Page) {
  await signIn(page, ADMIN_USERNAME, ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Account menu for Administrator" }).click();
  await page.getByRole("menuitem", { name: "Administration" }).click();
  await expect(page.getByRole("heading", { name: "Administration", level: 1 })).toBeVisible();
}
