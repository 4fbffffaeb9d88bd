/** Steps the room stories share: people signing up, a host opening a room, others joining and talking. */
import type { Browser, Page } from "@playwright/test";
import { signUp, uniqueUsername } from "./accounts";
import { connectTestLlm } from "./llm";
import { expect, newVisitorContext } from "./test";

export type TPerson = { page: Page; username: string };

export async function person(page: Page, prefix: string, options: { llm: boolean }): Promise<TPerson> {
  const username = uniqueUsername(prefix);
  await signUp(page, username);
  if (options.llm) await connectTestLlm(page);
  return { page, username };
}

export async function anotherPerson(browser: Browser, prefix: string, options: { llm: boolean }): Promise<TPerson> {
  return person(await (await newVisitorContext(browser)).newPage(), prefix, options);
}

/** Creates a room with a manual turn policy (people talk first) and opens it with a quick character; returns the short link. */
export async function hostRoom(host: TPerson, title: string, character: string, options: { seats?: number } = {}): Promise<string> {
  await host.page.goto("/rooms");
  await host.page.getByLabel("Title").fill(title);
  if (options.seats) await host.page.getByLabel("Participants").selectOption(String(options.seats));
  await host.page.getByLabel("Character turns").selectOption("manual");
  await host.page.getByRole("button", { name: "Create room" }).click();
  await expect(host.page.getByRole("button", { name: "Open the room" })).toBeVisible();
  await bringQuickCharacter(host.page, character, "Open the room");
  await expect(host.page.getByRole("img", { name: "QR code of the room link" })).toBeVisible();
  const link = host.page.getByRole("textbox", { name: "Short link" });
  await expect(link).toHaveValue(/\/rooms\/[1-9A-HJ-NP-Za-km-z]{12}$/);
  return link.inputValue();
}

export async function bringQuickCharacter(page: Page, name: string, button: string) {
  await page.getByLabel("A quick character").check();
  await page.getByLabel("Character name").fill(name);
  await page.getByLabel("Short description").fill(`${name} speaks briefly.`);
  await page.getByRole("button", { name: button }).click();
  await expect(participants(page).filter({ hasText: name })).toHaveCount(1);
}

export async function joinRoom(guest: TPerson, link: string, character: string) {
  await guest.page.goto(link);
  await bringQuickCharacter(guest.page, character, "Join room");
}

export const participants = (page: Page) => page.getByRole("list", { name: "Participants" }).getByRole("listitem");
/** What people and characters said (and the reply being written), without the join, leave and remove lines. */
export const roomMessages = (page: Page) => page.getByRole("list", { name: "Room messages" }).locator('li:not([data-kind="notice"])');
/** The transcript's lines about who came and went. */
export const roomEvents = (page: Page) => page.getByRole("list", { name: "Room messages" }).locator("li[data-event]");
export const characterReplies = (page: Page) => page.getByRole("list", { name: "Room messages" }).locator('li[data-kind="character"]');

export async function say(page: Page, text: string) {
  await page.getByRole("textbox", { name: "Message" }).fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

