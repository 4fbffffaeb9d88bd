/**
 * What a person types in secret never shows up in their browser's console or in the server's log: passwords
 * (right and wrong), an API key, a share password and its wrong guesses, and the session cookie itself.
 */
import { readFileSync } from "node:fs";
import type { ConsoleMessage } from "@playwright/test";
import { PASSWORD, signIn, signOut, signUp, uniqueUsername } from "./support/accounts";
import { SERVER_LOG_FILE } from "./support/constants";
import { expect, newVisitorContext, test } from "./support/test";

const SECRETS = {
  wrongPassword: "not-my-password-SECRET-3141",
  apiKey: "sk-proj-SECRET-2718-abcdefghijklmnop",
  sharePassword: "share-SECRET-1618-swordfish",
  wrongSharePassword: "guess-SECRET-1414",
};

test("no password, key or token reaches the console or the server log", async ({ page, browser }) => {
  const consoleLines: string[] = [];
  const listen = (message: ConsoleMessage) => consoleLines.push(message.text());
  page.on("console", listen);

  const username = uniqueUsername("secretive");
  await signUp(page, username);
  await signOut(page);
  await signIn(page, username, SECRETS.wrongPassword);
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong username or password.");
  await signIn(page, username);
  await expect(page.getByRole("button", { name: `Account menu for ${username}` })).toBeVisible();
  const session = (await page.context().cookies()).find((cookie) => cookie.name.endsWith("coterie.session"));
  expect(session?.value).toBeTruthy();

  // A provider on an address the server refuses: the key is saved sealed, and the failure says nothing of it.
  await page.goto("/settings/models");
  await page.getByRole("button", { name: "Add a provider" }).click();
  await page.getByLabel("Provider", { exact: true }).selectOption("openai_compatible");
  await page.getByLabel("Name", { exact: true }).fill("Refused box");
  await page.getByLabel("Base URL", { exact: true }).fill("http://10.255.255.1:9/v1");
  await page.getByLabel("API key (optional)").fill(SECRETS.apiKey);
  await page.getByRole("button", { name: "Save provider" }).click();
  await expect(page.getByRole("list", { name: "Providers" })).toContainText("Key ••••mnop");
  await page.getByRole("button", { name: "Test connection" }).click();
  // Saving tried to list the models, and the test asks again: each says the address was refused.
  await expect(page.getByText(/The server refused this address/).first()).toBeVisible();

  await page.goto("/share");
  await page.getByLabel("Files to share").setInputFiles([{ name: "note.txt", mimeType: "text/plain", buffer: Buffer.from("note") }]);
  await page.getByLabel("Password (optional)").fill(SECRETS.sharePassword);
  await page.getByRole("button", { name: "Create link" }).click();
  const link = await page.getByRole("textbox", { name: "Short link" }).inputValue();
  const downloader = await (await newVisitorContext(browser)).newPage();
  downloader.on("console", listen);
  await downloader.goto(link);
  await downloader.getByLabel("Password").fill(SECRETS.wrongSharePassword);
  await downloader.getByRole("button", { name: "Unlock" }).click();
  await expect(downloader.getByRole("alert").filter({ hasText: "That password is not right." })).toBeVisible();
  await downloader.getByLabel("Password").fill(SECRETS.sharePassword);
  await downloader.getByRole("button", { name: "Unlock" }).click();
  await expect(downloader.getByRole("list", { name: "Files" })).toContainText("note.txt");

  // The failed calls above were logged (so the console is being heard), without their inputs.
  expect(consoleLines.some((line) => line.includes("auth.signIn failed"))).toBe(true);
  const serverLog = readFileSync(SERVER_LOG_FILE, "utf8");
  expect(serverLog).toContain('"path":"/api/trpc/share.unlock"');
  for (const secret of [...Object.values(SECRETS), PASSWORD, session!.value]) {
    expect(consoleLines.join("\n")).not.toContain(secret);
    expect(serverLog).not.toContain(secret);
  }
});
