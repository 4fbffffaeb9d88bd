import type { Page } from "@playwright/test";
import { expect, newVisitorContext, test } from "./support/test";
import { formAlert, openAdminPage, PASSWORD, signIn, signUp, uniqueUsername } from "./support/accounts";

/** The administrator's row for an account on the admin page. */
function accountRow(admin: Page, username: string) {
  return admin.getByRole("list", { name: "Accounts" }).getByRole("listitem", { name: `@${username}` });
}

test("an invited newcomer signs up through the link, which then works no more", async ({ page: admin, browser }) => {
  await openAdminPage(admin);
  // The suite fixes registration through configuration, and the page says so instead of offering a choice.
  await expect(admin.getByText("Fixed by the server's configuration (REGISTRATION_MODE=open); change it there.")).toBeVisible();

  await admin.getByLabel("For (optional)").fill("Nia from the book club");
  await admin.getByLabel("Expires after").selectOption({ label: "1 day" });
  await admin.getByRole("button", { name: "Create invite link" }).click();
  const link = await admin.getByRole("textbox", { name: "Invite link", exact: true }).inputValue();
  expect(link).toMatch(/\/sign-up#invite=[\w-]{43}$/);
  const invites = admin.getByRole("list", { name: "Invites" });
  await expect(invites.getByRole("listitem").filter({ hasText: "Nia from the book club" })).toContainText("Unused");

  const username = uniqueUsername("nia");
  const newcomer = await (await newVisitorContext(browser)).newPage();
  await newcomer.goto(link);
  await expect(newcomer.getByText("You have been invited.")).toBeVisible();
  await newcomer.getByLabel("Username").fill(username);
  await newcomer.getByLabel("Password").fill(PASSWORD);
  await newcomer.getByRole("button", { name: "Create account" }).click();
  await expect(newcomer.getByRole("button", { name: `Account menu for ${username}` })).toBeVisible();

  const latecomer = await (await newVisitorContext(browser)).newPage();
  await latecomer.goto(link);
  await expect(latecomer.getByRole("alert").filter({ hasText: "This invite link has already been used. Ask for a new one." })).toBeVisible();
  await expect(latecomer.getByRole("button", { name: "Create account" })).toHaveCount(0);

  await admin.reload();
  const used = invites.getByRole("listitem").filter({ hasText: "Nia from the book club" });
  await expect(used).toContainText("Used");
  await expect(used).toContainText(`used by @${username}`);
  await expect(used.getByRole("button", { name: "Revoke" })).toHaveCount(0);
});

test("a disabled account is signed out and refused at sign-in until it is enabled again", async ({ page: admin, browser }) => {
  const username = uniqueUsername("benched");
  const member = await (await newVisitorContext(browser)).newPage();
  await signUp(member, username);

  await openAdminPage(admin);
  const row = accountRow(admin, username);
  await expect(row).toContainText("1 device signed in");
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row.getByText("Disabled", { exact: true })).toBeVisible();
  await expect(row).toContainText("0 devices signed in");

  await member.reload();
  await expect(member.getByRole("link", { name: "Sign in" })).toBeVisible();
  await signIn(member, username);
  await expect(formAlert(member)).toHaveText("This account has been disabled by the administrator.");

  await row.getByRole("button", { name: "Enable" }).click();
  await expect(row.getByText("Disabled", { exact: true })).toHaveCount(0);
  await signIn(member, username);
  await expect(member.getByRole("button", { name: `Account menu for ${username}` })).toBeVisible();
});

test("a forgotten password is reset through a one-time link from the administrator", async ({ page: admin, browser }) => {
  const username = uniqueUsername("forgetful");
  const oldDevice = await (await newVisitorContext(browser)).newPage();
  await signUp(oldDevice, username);

  await openAdminPage(admin);
  await accountRow(admin, username).getByRole("button", { name: "Reset password" }).click();
  const link = await admin.getByRole("textbox", { name: "Password reset link", exact: true }).inputValue();
  expect(link).toMatch(/\/reset-password#token=[\w-]{43}$/);

  const person = await (await newVisitorContext(browser)).newPage();
  await person.goto(link);
  await expect(person.getByText(`For @${username}.`)).toBeVisible();
  await person.getByLabel("New password").fill("a new lantern for the pier");
  await person.getByRole("button", { name: "Set password" }).click();
  await expect(person.getByRole("heading", { name: "Password set" })).toBeVisible();

  // Every session of the account ended, the device that was still signed in included.
  await oldDevice.reload();
  await expect(oldDevice.getByRole("link", { name: "Sign in" })).toBeVisible();
  await signIn(person, username, PASSWORD);
  await expect(formAlert(person)).toHaveText("Wrong username or password.");
  await signIn(person, username, "a new lantern for the pier");
  await expect(person.getByRole("button", { name: `Account menu for ${username}` })).toBeVisible();

  const again = await (await newVisitorContext(browser)).newPage();
  await again.goto(link);
  await expect(again.getByText("This password reset link has expired or has already been used. Ask the administrator for a new one.")).toBeVisible();
});

test("someone who is not the administrator finds no way into administration", async ({ page }) => {
  const username = uniqueUsername("curious");
  await signUp(page, username);
  await page.getByRole("button", { name: `Account menu for ${username}` }).click();
  await expect(page.getByRole("menuitem", { name: "Devices" })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "Administration" })).toHaveCount(0);
  await page.keyboard.press("Escape");
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Accounts" })).toHaveCount(0);
});
