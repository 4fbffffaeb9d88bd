import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { readFileSync } from "node:fs";
import sharp from "sharp";
import { fullCard } from "../src/server/characters/formats/fixtures.test-support";
import { writePngCard } from "../src/server/characters/formats/png-card";
import { writePngTextChunks } from "../src/server/characters/formats/png-chunks";
import { signUp, uniqueUsername } from "./support/accounts";

async function pngCard(): Promise<Buffer> {
  const portrait = await sharp({ create: { width: 300, height: 450, channels: 3, background: "#2563eb" } }).png().toBuffer();
  return writePngCard(portrait, fullCard());
}

async function importFiles(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  await page.getByLabel("Import cards").setInputFiles(files);
}

test("a PNG card is imported, read, edited, exported and imported again", async ({ page }) => {
  await signUp(page, uniqueUsername("librarian"));
  await page.goto("/characters");
  await expect(page.getByText("No characters yet: import a card above, or write one from scratch.")).toBeVisible();

  await importFiles(page, [
    { name: "seraphina.png", mimeType: "image/png", buffer: await pngCard() },
    { name: "notes.json", mimeType: "application/json", buffer: Buffer.from("{ not json") },
  ]);
  const results = page.getByRole("list", { name: "Import results" });
  await expect(results).toContainText("seraphina.png: imported Seraphina");
  await expect(results).toContainText("notes.json: The file is not valid JSON.");

  const library = page.getByRole("list", { name: "Characters" });
  await library.getByRole("link", { name: /Seraphina/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Seraphina" })).toBeVisible();
  await expect(page.getByText("“Sera”")).toBeVisible();
  await expect(page.getByRole("region", { name: "Description" })).toContainText("A guardian of the forest glade.");
  await expect(page.getByRole("region", { name: "Alternate greetings" })).toContainText("Hello again.");
  await expect(page.getByRole("region", { name: "Group-only greetings" })).toContainText("Welcome, everyone.");
  await expect(page.getByRole("list", { name: "Lorebook entries" }).getByRole("listitem")).toHaveCount(2);
  const avatar = page.getByRole("img", { name: "Picture of Seraphina" });
  await expect(avatar).toBeVisible();
  expect(await avatar.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(300);

  const assets = page.getByRole("list", { name: "Assets" }).getByRole("listitem");
  await expect(assets).toHaveCount(1);
  await expect(assets.first()).toContainText("Avatar");
  const happy = await sharp({ create: { width: 200, height: 200, channels: 3, background: "#facc15" } }).png().toBuffer();
  await page.getByLabel("Asset type").selectOption("emotion");
  await page.getByLabel("Asset name").fill("happy");
  await page.getByLabel("Asset file").setInputFiles({ name: "happy.png", mimeType: "image/png", buffer: happy });
  await expect(page.getByRole("img", { name: "emotion happy" })).toBeVisible();
  await expect(assets).toHaveCount(2);

  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByRole("heading", { name: "Edit Seraphina" })).toBeVisible();
  await page.getByRole("textbox", { name: "Description" }).fill("A guardian, now edited in Coterie.");
  await expect(page.getByText("Unsaved changes")).toBeVisible();
  await page.getByRole("button", { name: "Add entry" }).click();
  const newEntry = page.getByRole("listitem", { name: "Entry 3" });
  await newEntry.getByLabel("Keys", { exact: true }).fill("river, stream");
  await newEntry.getByLabel("Content").fill("A silver river runs through the glade.");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Character saved")).toBeVisible();
  await expect(page.getByText("Unsaved changes")).toBeHidden();
  await page.getByRole("link", { name: "Back" }).click();
  await expect(page.getByRole("region", { name: "Description" })).toHaveText(/A guardian, now edited in Coterie\./);
  await expect(page.getByRole("list", { name: "Lorebook entries" }).getByRole("listitem")).toHaveCount(3);

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "PNG card" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("Seraphina.png");
  const exported = readFileSync(await download.path());

  await page.goto("/characters");
  await importFiles(page, [{ name: "exported.png", mimeType: "image/png", buffer: exported }]);
  await expect(page.getByRole("list", { name: "Import results" })).toContainText("exported.png: Seraphina is already in your library.");
  await expect(library.getByRole("listitem")).toHaveCount(1);
  await page.getByRole("button", { name: "Import as a copy" }).click();
  await expect(page.getByRole("list", { name: "Import results" })).toContainText("exported.png: imported Seraphina");
  await expect(library.getByRole("listitem")).toHaveCount(2);
  await library.getByRole("link", { name: /Seraphina/ }).first().click();
  await expect(page.getByRole("region", { name: "Description" })).toHaveText(/A guardian, now edited in Coterie\./);
  await expect(page.getByRole("list", { name: "Lorebook entries" })).toContainText("A silver river runs through the glade.");
});

test("the editor asks before unsaved changes are lost", async ({ page }) => {
  await signUp(page, uniqueUsername("careful"));
  await page.goto("/characters");
  await importFiles(page, [{ name: "seraphina.png", mimeType: "image/png", buffer: await pngCard() }]);
  await page.getByRole("list", { name: "Characters" }).getByRole("link", { name: /Seraphina/ }).click();
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("The card has no name.")).toBeVisible();

  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await page.getByRole("link", { name: "Back" }).click();
  expect(asked).toBe("You have unsaved changes. Leave without saving?");
  await expect(page).toHaveURL(/\/edit$/);
});

test("personas: one default, chosen and handed on", async ({ page }) => {
  await signUp(page, uniqueUsername("personas"));
  await page.goto("/characters/personas");
  for (const name of ["Traveller", "Scholar"]) {
    await page.getByRole("button", { name: "New persona" }).click();
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Description").fill(`${name} from far away.`);
    await page.getByRole("button", { name: "Save persona" }).click();
    await expect(page.getByRole("button", { name: "Save persona" })).toBeHidden();
    await expect(page.getByRole("list", { name: "Personas" })).toContainText(name);
  }
  const personas = page.getByRole("list", { name: "Personas" }).getByRole("listitem");
  const picture = await sharp({ create: { width: 120, height: 120, channels: 3, background: "#f59e0b" } }).png().toBuffer();
  await page.getByLabel("Picture file for Traveller").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: picture });
  await expect(page.getByRole("img", { name: "Picture of Traveller" })).toBeVisible();
  const defaultPersona = personas.filter({ has: page.getByText("Default", { exact: true }) });
  await expect(defaultPersona).toContainText("Traveller");
  await personas.filter({ hasText: "Scholar" }).getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Use by default").check();
  await page.getByRole("button", { name: "Save persona" }).click();
  await expect(page.getByRole("button", { name: "Save persona" })).toBeHidden();
  await expect(defaultPersona).toContainText("Scholar");
  // Deleting asks first; Cancel keeps the persona.
  await personas.filter({ hasText: "Scholar" }).getByRole("button", { name: "Delete Scholar" }).click();
  const asked = page.getByRole("alertdialog", { name: "Delete the persona Scholar?" });
  await expect(asked).toContainText("Chats that used it keep their messages.");
  await asked.getByRole("button", { name: "Cancel" }).click();
  await expect(asked).toBeHidden();
  await expect(personas).toHaveCount(2);
  await personas.filter({ hasText: "Scholar" }).getByRole("button", { name: "Delete Scholar" }).click();
  await asked.getByRole("button", { name: "Delete Scholar" }).click();
  await expect(personas).toHaveCount(1);
  await expect(personas.first()).toContainText("Default");
});

test("comma-separated tags and keys keep what is typed", async ({ page }) => {
  await signUp(page, uniqueUsername("tagger"));
  await page.goto("/characters");
  await importFiles(page, [{ name: "seraphina.png", mimeType: "image/png", buffer: await pngCard() }]);
  await page.getByRole("list", { name: "Characters" }).getByRole("link", { name: /Seraphina/ }).click();
  await page.getByRole("link", { name: "Edit" }).click();

  // Typed key by key, as a person types: the comma and the space must survive each keystroke.
  const tags = page.getByRole("textbox", { name: "Tags (comma-separated)" });
  await tags.clear();
  await tags.pressSequentially("pirate, sea captain");
  await expect(tags).toHaveValue("pirate, sea captain");
  await page.getByRole("button", { name: "Add entry" }).click();
  const entry = page.getByRole("listitem", { name: "Entry 3" });
  await entry.getByLabel("Keys", { exact: true }).pressSequentially("ship, open sea");
  await entry.getByLabel("Secondary keys").pressSequentially("storm, high wind");
  await entry.getByLabel("Content").fill("The ship sails the open sea.");
  await expect(entry.getByLabel("Keys", { exact: true })).toHaveValue("ship, open sea");
  await expect(entry.getByLabel("Secondary keys")).toHaveValue("storm, high wind");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Character saved")).toBeVisible();

  // Saved as two of each: read back from the server, they are joined again with a comma.
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Tags (comma-separated)" })).toHaveValue("pirate, sea captain");
  await expect(page.getByRole("listitem", { name: "Entry 3" }).getByLabel("Keys", { exact: true })).toHaveValue("ship, open sea");
  await expect(page.getByRole("listitem", { name: "Entry 3" }).getByLabel("Secondary keys")).toHaveValue("storm, high wind");
  await page.getByRole("link", { name: "Back" }).click();
  await expect(page.getByRole("list", { name: "Lorebook entries" })).toContainText("Keys: ship, open sea");
  await expect(page.getByRole("list", { name: "Tags" }).getByRole("listitem")).toHaveText(["pirate", "sea captain"]);
});

test("the character sheet shows only what the card says", async ({ page }) => {
  await signUp(page, uniqueUsername("sparse"));
  await page.goto("/characters");
  // A sparse card from elsewhere: blank fields, whitespace and empty list items where nothing was written.
  const sparse = {
    spec: "chara_card_v2",
    spec_version: "2.0",
    data: { name: "Wanderer", description: "   ", personality: "\n", first_mes: "Hello, traveller.", alternate_greetings: ["", "  "], tags: [" "], creator: "" },
  };
  await importFiles(page, [{ name: "wanderer.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(sparse)) }]);
  await page.getByRole("list", { name: "Characters" }).getByRole("link", { name: /Wanderer/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Wanderer" })).toBeVisible();
  await expect(page.getByRole("region", { name: "First message" })).toHaveText(/Hello, traveller\./);
  for (const empty of ["Description", "Personality", "Alternate greetings"]) await expect(page.getByRole("region", { name: empty })).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Tags" })).toHaveCount(0);
  await expect(page.getByText("No lorebook entries.")).toHaveCount(0);
});

test("a character is written from scratch, with a dropped picture, and duplicated", async ({ page }) => {
  await signUp(page, uniqueUsername("author"));
  await page.goto("/chats");
  await page.getByRole("link", { name: "create", exact: true }).click();
  await expect(page.getByRole("heading", { name: "New character" })).toBeVisible();

  // The name is required: creating without one says so and creates nothing.
  await page.getByRole("button", { name: "Create character" }).click();
  await expect(page.getByText("The card has no name.")).toBeVisible();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Marlow");
  await expect(page.getByText("The card has no name.")).toBeHidden();
  await page.getByRole("textbox", { name: "Description" }).fill("A retired pirate who keeps a lighthouse.");
  await page.getByRole("textbox", { name: "First message" }).fill("*Marlow squints at you.* Lost, are we?");
  await page.getByRole("textbox", { name: "Tags (comma-separated)" }).fill("pirate, sea captain");

  // A picture dropped straight onto the editor, as a file dragged from the desktop.
  const portrait = await sharp({ create: { width: 240, height: 320, channels: 3, background: "#0f766e" } }).png().toBuffer();
  const dropped = await page.evaluateHandle((base64) => {
    const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], "marlow.png", { type: "image/png" }));
    return transfer;
  }, portrait.toString("base64"));
  await page.getByText("Drop a picture here or choose one").dispatchEvent("drop", { dataTransfer: dropped });
  await expect(page.getByRole("img", { name: "New picture of Marlow" })).toBeVisible();
  await page.getByRole("button", { name: "Create character" }).click();

  await expect(page).toHaveURL(/\/characters\/chr_[\w-]+$/);
  await expect(page.getByRole("heading", { level: 1, name: "Marlow" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Description" })).toHaveText(/A retired pirate who keeps a lighthouse\./);
  await expect(page.getByRole("list", { name: "Tags" }).getByRole("listitem")).toHaveText(["pirate", "sea captain"]);
  const avatar = page.getByRole("img", { name: "Picture of Marlow" });
  await expect(avatar).toBeVisible();
  expect(await avatar.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(240);

  await page.getByRole("button", { name: "Duplicate" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Marlow (copy)" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Description" })).toHaveText(/A retired pirate who keeps a lighthouse\./);
  await expect(page.getByRole("img", { name: "Picture of Marlow (copy)" })).toBeVisible();
  await page.getByRole("link", { name: "Characters", exact: true }).first().click();
  await expect(page.getByRole("list", { name: "Characters" }).getByRole("listitem")).toHaveCount(2);
});

test("an empty library offers to create a character as well as to import one", async ({ page }) => {
  await signUp(page, uniqueUsername("newcomer"));
  await page.goto("/characters");
  await expect(page.getByLabel("Import cards")).toBeAttached();
  await page.getByRole("link", { name: "Create a character" }).click();
  await expect(page.getByRole("heading", { name: "New character" })).toBeVisible();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Picked");
  const picture = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#9333ea" } }).png().toBuffer();
  await page.getByLabel("Picture file").setInputFiles({ name: "picked.png", mimeType: "image/png", buffer: picture });
  await page.getByRole("button", { name: "Create character" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Picked" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Picture of Picked" })).toBeVisible();
  await expect(page.getByText("Nothing is written on this card yet")).toBeVisible();
});

test("an import says which cards are already there, which images are damaged and what a card lacks, out loud", async ({ page }) => {
  await signUp(page, uniqueUsername("importer"));
  await page.goto("/characters");
  const card = await pngCard();
  await importFiles(page, [{ name: "seraphina.png", mimeType: "image/png", buffer: card }]);
  const results = page.getByRole("list", { name: "Import results" });
  await expect(results).toContainText("seraphina.png: imported Seraphina");
  // The results are inside a live region, so a screen reader reads each file's line when it arrives.
  await expect(page.locator("[aria-live=polite]").getByRole("list", { name: "Import results" })).toBeVisible();

  const portrait = await sharp({ create: { width: 40, height: 40, channels: 3, background: "#111827" } }).png().toBuffer();
  const damaged = writePngTextChunks(portrait, { ccv3: Buffer.from("{ torn", "utf8").toString("base64") });
  const nameless = { spec: "chara_card_v3", spec_version: "3.0", data: { description: "Nobody in particular." } };
  await importFiles(page, [
    { name: "seraphina again.png", mimeType: "image/png", buffer: card },
    { name: "damaged.png", mimeType: "image/png", buffer: damaged },
    { name: "nameless.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(nameless)) },
  ]);
  await expect(results.getByRole("listitem")).toHaveText([
    /^seraphina again\.png: Seraphina is already in your library\.Import as a copySkip$/,
    "damaged.png: The image is damaged: the character card inside it cannot be read.",
    "nameless.json: The card has no name.",
  ]);
  await results.getByRole("button", { name: "Skip" }).click();
  await expect(results.getByRole("listitem").first()).toHaveText("seraphina again.png: Seraphina is already in your library. Skipped.");
  await expect(results.getByRole("button", { name: "Import as a copy" })).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Characters" }).getByRole("listitem")).toHaveCount(1);
});

test("deleting a character asks first, and says what goes with it", async ({ page }) => {
  await signUp(page, uniqueUsername("pruner"));
  await page.goto("/characters");
  await importFiles(page, [{ name: "seraphina.png", mimeType: "image/png", buffer: await pngCard() }]);
  await page.getByRole("list", { name: "Characters" }).getByRole("link", { name: /Seraphina/ }).click();

  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const asked = page.getByRole("alertdialog", { name: "Delete Seraphina?" });
  await expect(asked).toContainText("with its lorebook, its assets and every chat with Seraphina");
  await page.keyboard.press("Escape");
  await expect(asked).toBeHidden();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Seraphina" })).toBeVisible();

  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await asked.getByRole("button", { name: "Delete Seraphina" }).click();
  await expect(page).toHaveURL(/\/characters$/);
  await expect(page.getByText("No characters yet")).toBeVisible();
});
