import type { Page } from "@playwright/test";
import { llmRequests, resetLlm } from "./support/llm";
import { anotherPerson, bringQuickCharacter, characterReplies, hostRoom, joinRoom, participants, person, roomEvents, roomMessages, say } from "./support/rooms";
import { expect, test } from "./support/test";

test.beforeEach(() => resetLlm());

async function setTurns(host: Page, policy: string, cap: number) {
  await host.getByRole("region", { name: "Room settings" }).getByLabel("Character turns").selectOption(policy);
  await host.getByLabel("Character replies per message").selectOption(String(cap));
  await expect(host.getByText(`up to ${cap} character replies per message`)).toBeVisible();
}

/** Who wrote each character reply on this page, in order. */
async function replySpeakers(page: Page): Promise<string[]> {
  const labels = await characterReplies(page).locator(":scope > p:first-child").allTextContents();
  return labels.map((label) => label.replace(" · character", ""));
}

test("three people meet in a room: round-robin gives each character one reply within the cap, and typing holds the characters back", async ({ page, browser }) => {
  const host = await person(page, "hostess", { llm: true });
  const link = await hostRoom(host, "Tea party", "Iris");
  const ben = await anotherPerson(browser, "ben", { llm: true });
  const cat = await anotherPerson(browser, "cat", { llm: true });
  await joinRoom(ben, link, "Bram");
  await joinRoom(cat, link, "Cleo");
  // The lobby fills as people arrive, in the order they came.
  for (const { page: view } of [host, ben, cat]) await expect(participants(view)).toHaveCount(3);
  await expect(participants(host.page).nth(1)).toContainText(ben.username);

  // People talk; every page shows the same messages in the host's order.
  await say(ben.page, "Hello from Ben");
  await say(cat.page, "Hi Ben, Cat here");
  for (const { page: view } of [host, ben, cat]) {
    await expect(roomMessages(view)).toHaveCount(2);
    await expect(roomMessages(view).nth(0)).toContainText("Hello from Ben");
    await expect(roomMessages(view).nth(1)).toContainText("Hi Ben, Cat here");
  }
  expect(await llmRequests()).toHaveLength(0);

  // Round-robin with a cap of 2: the first two characters in join order answer, and then nobody.
  await setTurns(host.page, "round_robin", 2);
  await say(ben.page, "Who is there?");
  await expect(characterReplies(cat.page)).toHaveCount(2);
  expect(await replySpeakers(cat.page)).toEqual(["Iris", "Bram"]);
  await cat.page.waitForTimeout(1_500);
  await expect(characterReplies(cat.page)).toHaveCount(2);
  // Each reply was written for its owner's character, with the room's history tagged by speaker.
  const requests = await llmRequests();
  expect(requests).toHaveLength(2);
  expect(JSON.stringify(requests[0]?.messages)).toContain(`${ben.username}: Who is there?`);

  // A cap of 3: every character exactly once, the rotation continuing after the last speaker.
  await setTurns(host.page, "round_robin", 3);
  await say(cat.page, "Everyone, once more");
  await expect(characterReplies(ben.page)).toHaveCount(5);
  expect((await replySpeakers(ben.page)).slice(2)).toEqual(["Cleo", "Iris", "Bram"]);
  await ben.page.waitForTimeout(1_500);
  await expect(characterReplies(ben.page)).toHaveCount(5);

  // While Cat types, the characters wait; when Cat stops, they answer.
  await cat.page.getByRole("textbox", { name: "Message" }).fill("I am still thinking");
  await expect(ben.page.getByRole("status").filter({ hasText: `${cat.username} is typing… characters wait.` })).toBeVisible();
  await say(ben.page, "Anyone awake?");
  await ben.page.waitForTimeout(2_000);
  await expect(characterReplies(ben.page)).toHaveCount(5);
  await cat.page.getByRole("textbox", { name: "Message" }).fill("");
  await expect(characterReplies(ben.page)).toHaveCount(8);
  for (const { page: view } of [host, cat]) await expect(characterReplies(view)).toHaveCount(8);

  // The transcript scrolls by itself to the newest message, unless the reader has scrolled back to earlier ones.
  for (const { page: view } of [host, ben, cat]) await expect(roomMessages(view).last()).toBeInViewport();
  await expect(roomMessages(cat.page).first()).not.toBeInViewport();
  await roomMessages(cat.page).first().scrollIntoViewIfNeeded();
  const readingAt = (await roomMessages(cat.page).first().boundingBox())?.y;
  await setTurns(host.page, "manual", 3);
  await say(ben.page, "A last word from Ben");
  for (const { page: view } of [host, cat]) await expect(roomMessages(view).last()).toContainText("A last word from Ben");
  await expect(roomMessages(host.page).last()).toBeInViewport();
  // Not a pixel moved for the reader who scrolled back.
  expect((await roomMessages(cat.page).first().boundingBox())?.y).toBe(readingAt);
  await expect(roomMessages(cat.page).first()).toBeInViewport();
  await expect(roomMessages(cat.page).last()).not.toBeInViewport();
});

test("a guest comes as one of their personas: their character calls them by it, and the room saved to their chats names every speaker", async ({ page, browser }) => {
  const host = await person(page, "skipper", { llm: true });
  const link = await hostRoom(host, "Quay", "Iris");
  const ben = await anotherPerson(browser, "ben", { llm: true });
  await ben.page.goto("/characters/personas");
  await ben.page.getByRole("button", { name: "New persona" }).click();
  await ben.page.getByLabel("Name").fill("Captain Ben");
  await ben.page.getByLabel("Description").fill("{{user}} sails the Kestrel.");
  await ben.page.getByRole("button", { name: "Save persona" }).click();
  await expect(ben.page.getByRole("list", { name: "Personas" })).toContainText("Captain Ben");

  // The join form offers their personas, the default one chosen.
  await ben.page.goto(link);
  await expect(ben.page.getByLabel("You are")).toHaveValue(/^per_/);
  await expect(ben.page.getByLabel("You are").locator("option:checked")).toHaveText("Captain Ben");
  await bringQuickCharacter(ben.page, "Bram", "Join room");

  await setTurns(host.page, "round_robin", 2);
  await say(host.page, "Who sails the Kestrel?");
  await expect(characterReplies(ben.page)).toHaveCount(2);
  // Bram's turn was written for Ben as Captain Ben, with everyone else named.
  const bramsTurn = (await llmRequests()).find((request) => JSON.stringify(request.messages).includes("Reply only as Bram"));
  const prompt = JSON.stringify(bramsTurn?.messages);
  expect(prompt).toContain("About Captain Ben:\\nCaptain Ben sails the Kestrel.");
  expect(prompt).toContain("You came with Captain Ben.");
  expect(prompt).toContain(`${host.username}: Who sails the Kestrel?`);
  expect(prompt).not.toContain("{{user}}");

  // Saved to Ben's chats, each line keeps who said it.
  await ben.page.getByRole("button", { name: "Save to my chats" }).click();
  await expect(ben.page.getByText("Saved to your chats.")).toBeVisible();
  await ben.page.goto("/chats");
  await ben.page.getByRole("link", { name: "Room: Quay" }).click();
  const saved = ben.page.getByRole("list", { name: "Messages" });
  await expect(saved.getByRole("listitem", { name: `${host.username} says` })).toContainText("Who sails the Kestrel?");
  await expect(saved.getByRole("listitem", { name: "Iris says" })).toHaveCount(1);
  await expect(saved.getByRole("listitem", { name: "Bram says" })).toHaveCount(1);
  await expect(saved.getByRole("listitem", { name: "User says" })).toHaveCount(0);
});

test("a reload rejoins with the same identity and history; the host removes someone; when the host leaves the room closes", async ({ page, browser }) => {
  const host = await person(page, "keeper", { llm: false });
  const link = await hostRoom(host, "Harbour", "Iris");
  const ben = await anotherPerson(browser, "ben", { llm: false });
  const cat = await anotherPerson(browser, "cat", { llm: false });
  await joinRoom(ben, link, "Bram");
  await joinRoom(cat, link, "Cleo");
  await say(ben.page, "Before the reload");
  await expect(roomMessages(cat.page)).toHaveCount(1);

  // Ben reloads: the page takes the same seat with the same character, and the host sends the history again.
  await ben.page.reload();
  await expect(participants(ben.page).filter({ hasText: `${ben.username} (you)` })).toContainText("Bram");
  await expect(roomMessages(ben.page)).toHaveCount(1);
  await expect(roomMessages(ben.page).first()).toContainText("Before the reload");
  await expect(participants(host.page)).toHaveCount(3);
  await expect(participants(host.page).filter({ hasText: "reconnecting" })).toHaveCount(0);
  await say(ben.page, "After the reload");
  await expect(roomMessages(cat.page)).toHaveCount(2);

  // Leaving asks first.
  await ben.page.getByRole("button", { name: "Leave room" }).click();
  await expect(ben.page.getByRole("group", { name: "Confirm leaving" })).toContainText("Leave this room?");
  await ben.page.getByRole("button", { name: "Stay" }).click();
  await expect(ben.page.getByRole("button", { name: "Leave room" })).toBeVisible();

  // Removing someone asks first: cancelling keeps Cat in the room.
  await host.page.getByRole("button", { name: `Remove ${cat.username}` }).click();
  const confirmRemove = host.page.getByRole("alertdialog", { name: `Remove ${cat.username}?` });
  await expect(confirmRemove).toContainText("cannot come back with this link");
  await confirmRemove.getByRole("button", { name: "Cancel" }).click();
  await expect(confirmRemove).toBeHidden();
  await expect(participants(ben.page)).toHaveCount(3);
  await expect(cat.page.getByRole("textbox", { name: "Message" })).toBeEnabled();

  // The host removes Cat: Cat is told and cannot come back; the others no longer see Cat.
  await host.page.getByRole("button", { name: `Remove ${cat.username}` }).click();
  await confirmRemove.getByRole("button", { name: "Remove" }).click();
  await expect(cat.page.getByRole("main").getByRole("alert")).toHaveText("The host removed you from this room.");
  await expect(participants(ben.page)).toHaveCount(2);
  await cat.page.reload();
  await expect(cat.page.getByRole("main").getByRole("alert")).toHaveText("The host removed you from this room.");

  // Ben keeps the conversation in his chats.
  await ben.page.getByRole("button", { name: "Save to my chats" }).click();
  await expect(ben.page.getByText("Saved to your chats.")).toBeVisible();

  // The host closes the tab: the room ends for everyone, plainly.
  await host.page.close();
  await expect(ben.page.getByRole("main").getByRole("alert")).toHaveText("The host has left, so the room is closed.");
  await expect(ben.page.getByRole("textbox", { name: "Message" })).toBeDisabled();
  await ben.page.goto("/chats");
  await expect(ben.page.getByRole("list", { name: "Chats" })).toContainText("Room: Harbour");
});

test("someone who closes the page gives up their seat, so a full room takes the next person", async ({ page, browser }) => {
  const host = await person(page, "warden", { llm: false });
  const link = await hostRoom(host, "Two chairs", "Ivo", { seats: 2 });
  const dan = await anotherPerson(browser, "dan", { llm: false });
  await joinRoom(dan, link, "Dex");
  const eve = await anotherPerson(browser, "eve", { llm: false });
  await eve.page.goto(link);
  await expect(eve.page.getByText("2 of 2 seats taken.")).toBeVisible();

  // Dan closes the tab and does not come back: after the reconnect grace the host records the departure.
  await dan.page.close();
  await expect(participants(host.page)).toHaveCount(1, { timeout: 30_000 });
  await expect
    .poll(
      async () => {
        await eve.page.reload();
        return eve.page.getByText(/seats taken\./).textContent();
      },
      { timeout: 15_000 },
    )
    .toContain("1 of 2 seats taken.");
  await joinRoom(eve, link, "Esme");
  await expect(participants(host.page)).toHaveCount(2);
});

test("comings and goings are lines in everyone's transcript: joining, leaving, and being removed by the host", async ({ page, browser }) => {
  const host = await person(page, "usher", { llm: false });
  const link = await hostRoom(host, "Foyer", "Iris");
  const ben = await anotherPerson(browser, "ben", { llm: false });
  const cat = await anotherPerson(browser, "cat", { llm: false });
  const joined = (who: typeof ben, character: string) => `${who.username} joined with ${character}.`;

  // The host opening the room is no news; each arrival is, on every page that is there to see it.
  await expect(roomEvents(host.page)).toHaveCount(0);
  await joinRoom(ben, link, "Bram");
  await expect(roomEvents(host.page)).toHaveText([joined(ben, "Bram")]);
  await joinRoom(cat, link, "Cleo");
  for (const { page: view } of [host, ben]) await expect(roomEvents(view)).toHaveText([joined(ben, "Bram"), joined(cat, "Cleo")]);
  // Someone arriving later reads who came before them from the history, in the same order.
  await expect(roomEvents(cat.page)).toHaveText([joined(ben, "Bram"), joined(cat, "Cleo")]);
  await expect(roomEvents(cat.page).last()).toHaveAttribute("data-event", "joined");

  // Events sit between the messages in the host's order, and are not counted as messages.
  await say(ben.page, "Hello all");
  await expect(roomMessages(cat.page)).toHaveCount(1);
  await expect(host.page.getByRole("list", { name: "Room messages" }).getByRole("listitem")).toHaveText([joined(ben, "Bram"), joined(cat, "Cleo"), /Hello all/]);

  // A reload keeps the seat: nothing new to announce.
  await cat.page.reload();
  await expect(roomMessages(cat.page)).toHaveCount(1);
  await expect(roomEvents(host.page)).toHaveCount(2);

  // Ben leaves.
  await ben.page.getByRole("button", { name: "Leave room" }).click();
  await ben.page.getByRole("group", { name: "Confirm leaving" }).getByRole("button", { name: "Leave" }).click();
  await ben.page.waitForURL(/\/rooms$/);
  for (const { page: view } of [host, cat]) {
    await expect(roomEvents(view).last()).toHaveText(`${ben.username} left.`);
    await expect(roomEvents(view).last()).toHaveAttribute("data-event", "left");
  }

  // The host removes Cat (after confirming): the host's transcript says so, and Cat is told.
  await host.page.getByRole("button", { name: `Remove ${cat.username}` }).click();
  await host.page.getByRole("alertdialog", { name: `Remove ${cat.username}?` }).getByRole("button", { name: "Remove" }).click();
  await expect(roomEvents(host.page).last()).toHaveText(`The host removed ${cat.username}.`);
  await expect(roomEvents(host.page).last()).toHaveAttribute("data-event", "removed");
  await expect(roomEvents(host.page)).toHaveCount(4);
  await expect(cat.page.getByRole("main").getByRole("alert")).toHaveText("The host removed you from this room.");
});

test("on a phone the invite links wrap instead of running off, and the composer stays on screen as the room fills", async ({ page, browser }) => {
  const host = await person(page, "pocket", { llm: false });
  const link = await hostRoom(host, "Small screen", "Iris");
  const guest = await anotherPerson(browser, "phoebe", { llm: false });
  await guest.page.setViewportSize({ width: 390, height: 844 });
  await joinRoom(guest, link, "Pia");

  /** Every link box shows its whole link: nothing scrolls sideways or hides below its last line. */
  async function linksFit(view: Page) {
    for (const name of ["Short link", "Readable link"]) {
      const box = view.getByRole("textbox", { name });
      await expect(box).toHaveValue(/\/rooms\//);
      const size = await box.evaluate((element) => ({ scrollWidth: element.scrollWidth, clientWidth: element.clientWidth, scrollHeight: element.scrollHeight, clientHeight: element.clientHeight }));
      // Wide enough to read a dozen characters a line, not a sliver beside the QR code.
      expect(size.clientWidth, name).toBeGreaterThanOrEqual(160);
      expect(size.scrollWidth, name).toBeLessThanOrEqual(size.clientWidth);
      expect(size.scrollHeight, name).toBeLessThanOrEqual(size.clientHeight + 1);
    }
    expect(await view.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  }
  await linksFit(guest.page);
  // In the desktop's narrow side column too.
  await linksFit(host.page);

  const composer = guest.page.getByRole("textbox", { name: "Message" });
  await expect(composer).toBeInViewport({ ratio: 1 });
  // Taking turns, so neither seat is past its message rate.
  for (let line = 1; line <= 10; line++) {
    await say(line % 2 === 0 ? guest.page : host.page, `Line ${line} of a long conversation, typed on ${line % 2 === 0 ? "a phone" : "a desktop"}`);
    await expect(roomMessages(guest.page)).toHaveCount(line);
    await expect(composer).toBeInViewport({ ratio: 1 });
  }
  await expect(roomMessages(guest.page).last()).toBeInViewport();
  await expect(guest.page.getByRole("button", { name: "Send" })).toBeInViewport({ ratio: 1 });
  await expect(roomMessages(host.page).last()).toContainText("typed on a phone");
});
