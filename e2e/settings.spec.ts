/**
 * Settings a newcomer meets early: removing a provider asks first, a provider can be edited without typing its
 * key again, the usage page says when there is nothing yet, and the devices list tells each device apart.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startApp } from "../bench/support/app";
import { signIn, signUp, uniqueUsername } from "./support/accounts";
import { connectTestLlm, LLM_URL } from "./support/llm";
import { expect, newVisitorContext, test } from "./support/test";

test("removing a provider asks first, and only the explicit button removes it", async ({ page }) => {
  await signUp(page, uniqueUsername("remover"));
  await connectTestLlm(page);
  const providers = page.getByRole("list", { name: "Providers" });
  await providers.getByRole("button", { name: "Remove Local test server" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Remove Local test server?" });
  await expect(dialog).toContainText("Its saved key and 2 models go with it");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  await expect(providers).toContainText("Local test server");

  await providers.getByRole("button", { name: "Remove Local test server" }).click();
  await dialog.getByRole("button", { name: "Remove provider" }).click();
  await expect(dialog).toBeHidden();
  await expect(providers.getByRole("listitem")).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("button", { name: "Add a provider" })).toBeVisible();
  await expect(providers.getByRole("listitem")).toHaveCount(0);
});

test("a provider's name and base URL are edited in place, and an empty key field keeps the saved key", async ({ page }) => {
  await signUp(page, uniqueUsername("tinkerer"));
  await connectTestLlm(page);
  const providers = page.getByRole("list", { name: "Providers" });
  await providers.getByRole("button", { name: "Edit Local test server" }).click();
  const form = page.getByRole("form", { name: "Edit Local test server" });
  await expect(form.getByLabel("Base URL", { exact: true })).toHaveValue(LLM_URL);
  // The key is never sent back to the page: the field starts empty and says what empty means.
  await expect(form.getByLabel("API key", { exact: true })).toHaveValue("");
  await expect(form.getByLabel("API key", { exact: true })).toHaveAttribute("placeholder", "Empty keeps the saved key (••••1234)");
  await form.getByLabel("Name", { exact: true }).fill("Workbench");
  await form.getByLabel("Base URL", { exact: true }).fill(`${LLM_URL}/`);
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form).toBeHidden();
  await expect(providers).toContainText("Workbench");
  await expect(providers).toContainText(`${LLM_URL}/`);
  await expect(providers).toContainText("Key ••••1234");
  // The saved key still opens: the test server answers with it.
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("Connected to Workbench: 2 models available.")).toBeVisible();

  await providers.getByRole("button", { name: "Edit Workbench" }).click();
  await page.getByRole("form", { name: "Edit Workbench" }).getByLabel("API key", { exact: true }).fill("sk-e2e-replaced-9876");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(providers).toContainText("Key ••••9876");
  await page.reload();
  await expect(providers).toContainText("Workbench");
  await expect(providers).toContainText("Key ••••9876");
});

test("the usage page of someone who has generated nothing says so instead of drawing empty charts", async ({ page }) => {
  await signUp(page, uniqueUsername("newcomer"));
  await page.goto("/settings/usage");
  await expect(page.getByText("Nothing used in this period yet.")).toBeVisible();
  await expect(page.getByText(/busiest day/)).toHaveCount(0);
  await expect(page.getByRole("table")).toHaveCount(0);
  await expect(page.getByRole("img", { name: /per day/ })).toHaveCount(0);
});

test("each signed-in device shows its browser and system, when it signed in, when it was last seen and from where", async ({ page, browser }) => {
  const username = uniqueUsername("devices");
  await signUp(page, username);
  // A second browser from another address: the same kind of browser, so only its address and times tell it apart.
  const phone = await (await newVisitorContext(browser)).newPage();
  await signIn(phone, username);
  await expect(phone.getByRole("button", { name: `Account menu for ${username}` })).toBeVisible();

  await phone.goto("/settings/devices");
  const devices = phone.getByRole("list", { name: "Signed-in devices" }).getByRole("listitem");
  await expect(devices).toHaveCount(2);
  const thisDevice = devices.filter({ hasText: "This device" });
  const other = devices.filter({ hasNotText: "This device" });
  await expect(thisDevice).toHaveCount(1);
  for (const device of [thisDevice, other]) {
    await expect(device).toContainText("Chromium on Linux");
    await expect(device).toContainText(/First seen .+ · last seen .+/);
    await expect(device).toContainText(/from 10\.\d+\.\d+\.\d+/);
  }
  expect(await thisDevice.getByTestId("device-address").textContent()).not.toBe(await other.getByTestId("device-address").textContent());
});

test("a key the server can no longer unseal is asked for again on its card, and works once entered", async ({ browser }) => {
  // An instance of its own, started twice on one data directory: once with the secret the key is sealed under,
  // then with another one, as when an operator replaces AUTH_SECRET without keeping the old one as previous.
  const dataDir = mkdtempSync(path.join(tmpdir(), "coterie-e2e-secret-"));
  const settings = { ALLOW_PRIVATE_HOSTS: new URL(LLM_URL).host };
  let app = await startApp(dataDir, { ...settings, AUTH_SECRET: "first-secret-0123456789-abcdefghijklmnop" });
  try {
    const username = uniqueUsername("resealer");
    const before = await browser.newContext({ baseURL: app.url });
    await signUp(await before.newPage(), username);
    await connectTestLlm(before.pages()[0]!);
    await before.close();
    await app.stop();

    app = await startApp(dataDir, { ...settings, AUTH_SECRET: "second-secret-0123456789-abcdefghijklmno" });
    const after = await browser.newContext({ baseURL: app.url });
    const page = await after.newPage();
    await signIn(page, username);
    await expect(page.getByRole("button", { name: `Account menu for ${username}` })).toBeVisible();
    await page.goto("/settings/models");
    const providers = page.getByRole("list", { name: "Providers" });
    const keyAgain = providers.getByRole("form", { name: "New key for Local test server" });
    await expect(keyAgain).toContainText("The saved key can no longer be read");
    await keyAgain.getByLabel("API key").fill("sk-e2e-secret-5678");
    await keyAgain.getByRole("button", { name: "Save key" }).click();
    await expect(page.getByText("New key saved for Local test server.")).toBeVisible();
    await expect(keyAgain).toHaveCount(0);
    await expect(providers).toContainText("Key ••••5678");
    await providers.getByRole("button", { name: "Test connection" }).click();
    await expect(page.locator("[data-sonner-toast][data-type=success]").filter({ hasNotText: "New key saved" })).toBeVisible();
    await after.close();
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
