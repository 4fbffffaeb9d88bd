import { expect, newVisitorContext, test } from "./support/test";
import { formAlert, PASSWORD, signIn, signOut, signUp, uniqueUsername } from "./support/accounts";

test("a newcomer signs up, signs out and signs back in", async ({ page }) => {
  const username = uniqueUsername("ada");
  await signUp(page, username);
  await expect(page).toHaveURL(/\/$/);
  await signOut(page);
  await signIn(page, username);
  await expect(page.getByRole("button", { name: `Account menu for ${username}` })).toBeVisible();
});

test("sign-up explains what is wrong with a weak password", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Username").fill(uniqueUsername("weak"));
  await page.getByLabel("Password").fill("password123");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("This password is too common; choose another.")).toBeVisible();
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
});

test("a wrong password gets a plain message and no session", async ({ page, browser }) => {
  const username = uniqueUsername("grace");
  const setup = await (await newVisitorContext(browser)).newPage();
  await signUp(setup, username);
  await setup.close();

  await signIn(page, username, "not my password at all");
  await expect(formAlert(page)).toHaveText("Wrong username or password.");
  await signIn(page, `${username}-nobody`, PASSWORD);
  await expect(formAlert(page)).toHaveText("Wrong username or password.");
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
});

test("repeated failures are stopped with a rate-limit message", async ({ page, browser }) => {
  const username = uniqueUsername("target");
  const setup = await (await newVisitorContext(browser)).newPage();
  await signUp(setup, username);
  await setup.close();

  await page.goto("/sign-in");
  await page.getByLabel("Username").fill(username);
  for (let attempt = 1; attempt <= 10; attempt++) {
    await page.getByLabel("Password").fill(`wrong guess number ${attempt}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toHaveText("Wrong username or password.");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  // Even the right password is refused now: the account is protected for the rest of the window.
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(page)).toHaveText(/^Too many attempts\. Try again in \d+ minutes\.$/);
});

test("a signed-out visitor is sent to sign in and brought back", async ({ page }) => {
  const username = uniqueUsername("returner");
  await signUp(page, username);
  await signOut(page);
  await page.goto("/settings/devices");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fdevices$/);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Devices" })).toBeVisible();
});

test("revoking the other device signs it out on its next request", async ({ browser }) => {
  const username = uniqueUsername("twodevices");
  const phone = await (await newVisitorContext(browser)).newPage();
  const laptop = await (await newVisitorContext(browser)).newPage();
  await signUp(phone, username);
  await signIn(laptop, username);
  await expect(laptop.getByRole("button", { name: `Account menu for ${username}` })).toBeVisible();

  await phone.goto("/settings/devices");
  const devices = phone.getByRole("list", { name: "Signed-in devices" }).getByRole("listitem");
  await expect(devices).toHaveCount(2);
  await expect(devices.filter({ hasText: "This device" })).toHaveCount(1);
  await expect(devices.first()).toContainText("Chromium on Linux");
  await devices.filter({ hasNotText: "This device" }).getByRole("button", { name: /^Sign out/ }).click();
  await expect(phone.getByText("Device signed out")).toBeVisible();
  await expect(devices).toHaveCount(1);

  await laptop.reload();
  await expect(laptop.getByRole("link", { name: "Sign in" })).toBeVisible();
  await laptop.goto("/settings/devices");
  await expect(laptop).toHaveURL(/\/sign-in/);
  // The phone is still signed in.
  await phone.reload();
  await expect(phone.getByRole("button", { name: `Account menu for ${username}` })).toBeVisible();
});

test("changing the password signs the other device out", async ({ browser }) => {
  const username = uniqueUsername("rekey");
  const newPassword = "a quieter harbour at dawn";
  const phone = await (await newVisitorContext(browser)).newPage();
  const laptop = await (await newVisitorContext(browser)).newPage();
  await signUp(phone, username);
  await signIn(laptop, username);
  await expect(laptop.getByRole("button", { name: `Account menu for ${username}` })).toBeVisible();

  await phone.goto("/settings/sign-in-methods");
  await phone.getByLabel("Current password").fill(PASSWORD);
  await phone.getByLabel("New password").fill(newPassword);
  await phone.getByRole("button", { name: "Change password" }).click();
  await expect(phone.getByText("Password changed. 1 other device was signed out.")).toBeVisible();

  await laptop.reload();
  await expect(laptop.getByRole("link", { name: "Sign in" })).toBeVisible();
  await signIn(laptop, username);
  await expect(formAlert(laptop)).toHaveText("Wrong username or password.");
  await signIn(laptop, username, newPassword);
  await expect(laptop.getByRole("button", { name: `Account menu for ${username}` })).toBeVisible();
  // The device that changed it stays signed in.
  await phone.reload();
  await expect(phone.getByRole("button", { name: `Account menu for ${username}` })).toBeVisible();
});
