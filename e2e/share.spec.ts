import type { Download, Page } from "@playwright/test";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { SHARE_LAPSE_SECONDS } from "../src/lib/share/manifest";
import { signUp, uniqueUsername } from "./support/accounts";
import { expect, newVisitorContext, test } from "./support/test";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function downloadedBytes(download: Download): Promise<Buffer> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "coterie-e2e-download-")), download.suggestedFilename());
  await download.saveAs(file);
  return readFileSync(file);
}

/** A file of random bytes on disk, for files larger than Playwright passes in memory. */
function randomFileOnDisk(name: string, size: number): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "coterie-e2e-file-")), name);
  writeFileSync(file, randomBytes(size));
  return file;
}

/** Signs the uploader up, picks the files and creates the link; returns the short link. */
async function shareFiles(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[] | string, options: { password?: string } = {}): Promise<string> {
  await signUp(page, uniqueUsername("sender"));
  await page.goto("/share");
  await page.getByLabel("Files to share").setInputFiles(files);
  if (options.password) await page.getByLabel("Password (optional)").fill(options.password);
  await page.getByRole("button", { name: "Create link" }).click();
  const link = page.getByRole("textbox", { name: "Short link" });
  await expect(link).toHaveValue(/\/s\/[1-9A-HJ-NP-Za-km-z]{12}$/);
  await expect(page.getByRole("img", { name: "QR code of the share link" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Readable link" })).toHaveValue(/\/s\/[a-z]+-[a-z]+-[1-9A-HJ-NP-Za-km-z]{8}$/);
  return link.inputValue();
}

test("a file goes browser to browser through a short link and arrives intact", async ({ page, browser }) => {
  const original = randomBytes(3 * 1024 * 1024 + 12_345);
  const link = await shareFiles(page, [{ name: "photos.bin", mimeType: "application/octet-stream", buffer: original }]);

  const downloader = await (await newVisitorContext(browser)).newPage();
  await downloader.goto(link);
  await expect(downloader.getByRole("list", { name: "Files" })).toContainText("photos.bin");
  // The page connects to the sender when it opens, so it can say the sender is there before anyone clicks.
  await expect(downloader.getByTestId("sender-status")).toHaveText("The sender's browser is online and ready to send.");
  const listed = page.getByRole("region", { name: "Downloaders" }).locator("li");
  await expect(listed).toHaveText([/Downloader 1\s*has the link open/]);
  // Someone else only glances at the link: listed while the page is open, gone from the list once it closes.
  const glancer = await (await newVisitorContext(browser)).newPage();
  await glancer.goto(link);
  await expect(listed).toHaveText([/Downloader 1\s*has the link open/, /Downloader 2\s*has the link open/]);
  await glancer.close();
  await expect(listed).toHaveText([/Downloader 1\s*has the link open/]);
  const download = downloader.waitForEvent("download");
  await downloader.getByRole("button", { name: "Download", exact: true }).click();
  const received = await downloadedBytes(await download);
  expect(received.length).toBe(original.length);
  expect(sha256(received)).toBe(sha256(original));
  await expect(downloader.getByTestId("transfer-status")).toContainText("received and verified");

  // The sender sees the finished download and the count on the link.
  await expect(page.getByRole("region", { name: "Downloaders" }).locator('li[data-state="done"]')).toHaveText(/Downloader 1\s*finished/);
  await expect(page.getByRole("list", { name: "My links" }).getByTestId("download-count")).toHaveText("1 download");
});

test("a protected link shows nothing before the password, refuses a wrong one and opens with the right one", async ({ page, browser }) => {
  const original = randomBytes(256 * 1024);
  const link = await shareFiles(page, [{ name: "secret-plans.txt", mimeType: "text/plain", buffer: original }], { password: "swordfish is the word" });

  const downloader = await (await newVisitorContext(browser)).newPage();
  await downloader.goto(link);
  await expect(downloader.getByRole("form", { name: "Unlock" })).toBeVisible();
  // Neither the file names nor their sizes reach the page before the password is right.
  await expect(downloader.getByRole("list", { name: "Files" })).toHaveCount(0);
  expect(await downloader.content()).not.toContain("secret-plans");
  await downloader.getByLabel("Password").fill("guess");
  await downloader.getByRole("button", { name: "Unlock" }).click();
  await expect(downloader.getByRole("alert").filter({ hasText: "That password is not right." })).toBeVisible();
  await downloader.getByLabel("Password").fill("swordfish is the word");
  await downloader.getByRole("button", { name: "Unlock" }).click();
  await expect(downloader.getByRole("list", { name: "Files" })).toContainText("secret-plans.txt");
  // A reload of the same tab stays unlocked.
  await downloader.reload();
  await expect(downloader.getByRole("list", { name: "Files" })).toContainText("secret-plans.txt");
  const download = downloader.waitForEvent("download");
  await downloader.getByRole("button", { name: "Download", exact: true }).click();
  expect(sha256(await downloadedBytes(await download))).toBe(sha256(original));
});

test("after Revoke, a downloader who had unlocked gets no further bytes and sees the link gone", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // Big enough that the transfer is still running when the link is revoked.
  const link = await shareFiles(page, randomFileOnDisk("archive.bin", 160 * 1024 * 1024), { password: "a long shared secret" });
  const context = await newVisitorContext(browser);
  // Counts the file bytes that reach the page on any data channel.
  await context.addInitScript(() => {
    const counter = window as unknown as { receivedBytes: number };
    counter.receivedBytes = 0;
    RTCDataChannel.prototype.addEventListener = function (this: RTCDataChannel, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
      if (type === "message") {
        EventTarget.prototype.addEventListener.call(this, "message", (event: Event) => {
          const data: unknown = (event as MessageEvent).data;
          if (data instanceof ArrayBuffer) counter.receivedBytes += data.byteLength;
        });
      }
      EventTarget.prototype.addEventListener.call(this, type, listener, options);
    };
  });
  const downloader = await context.newPage();
  const received = () => downloader.evaluate(() => (window as unknown as { receivedBytes: number }).receivedBytes);
  let saved = false;
  downloader.on("download", () => (saved = true));
  await downloader.goto(link);
  await downloader.getByLabel("Password").fill("a long shared secret");
  await downloader.getByRole("button", { name: "Unlock" }).click();
  await expect(downloader.getByTestId("sender-status")).toHaveAttribute("data-status", "online");
  await downloader.getByRole("button", { name: "Download", exact: true }).click();
  await expect.poll(received, { intervals: [50] }).toBeGreaterThan(4 * 1024 * 1024);

  await page.getByRole("list", { name: "My links" }).getByRole("button", { name: "Revoke" }).click();
  // The server ends the link and the sender's page for it, which stops serving at once; the downloader is told.
  await expect(page.getByRole("button", { name: "Create link" })).toBeVisible();
  await expect(downloader.getByRole("main").getByRole("alert")).toHaveText("This link does not exist or has expired.");
  const afterRevoke = await received();
  await downloader.waitForTimeout(1_500);
  expect(await received()).toBe(afterRevoke);
  expect(afterRevoke).toBeLessThan(160 * 1024 * 1024);
  expect(saved).toBe(false);
});

test("a second link from the same tab never serves the first link's files", async ({ page, browser }) => {
  const first = await shareFiles(page, [{ name: "first.txt", mimeType: "text/plain", buffer: Buffer.from("the first file") }]);
  const downloader = await (await newVisitorContext(browser)).newPage();
  await downloader.goto(first);
  await expect(downloader.getByTestId("sender-status")).toHaveAttribute("data-status", "online");

  await page.getByRole("button", { name: "Stop sharing" }).click();
  await page.getByLabel("Files to share").setInputFiles([{ name: "second.txt", mimeType: "text/plain", buffer: Buffer.from("the second file") }]);
  await page.getByRole("button", { name: "Create link" }).click();
  const second = await page.getByRole("textbox", { name: "Short link" }).inputValue();
  expect(second).not.toBe(first);

  // The first link's page, still open, is told at once that its link ended, and has nothing left to fetch.
  await expect(downloader.getByRole("main").getByRole("alert")).toHaveText("This link does not exist or has expired.");
  await expect(downloader.getByRole("button", { name: "Download", exact: true })).toHaveCount(0);
  // The second link serves the second file only.
  await downloader.goto(second);
  await expect(downloader.getByRole("list", { name: "Files" })).toHaveText(/second\.txt/);
  const download = downloader.waitForEvent("download");
  await downloader.getByRole("button", { name: "Download", exact: true }).click();
  expect((await downloadedBytes(await download)).toString()).toBe("the second file");
});

test("a folder is shared with its paths and downloaded as one zip", async ({ page, browser }) => {
  const folder = path.join(mkdtempSync(path.join(tmpdir(), "coterie-e2e-folder-")), "album");
  mkdirSync(path.join(folder, "raw"), { recursive: true });
  const cover = randomBytes(700_000);
  const raw = randomBytes(1_500_000);
  writeFileSync(path.join(folder, "cover.jpg"), cover);
  writeFileSync(path.join(folder, "raw", "shot-1.dng"), raw);

  await signUp(page, uniqueUsername("album"));
  await page.goto("/share");
  await page.getByLabel("Folder to share").setInputFiles(folder);
  await expect(page.getByRole("list", { name: "Chosen files" })).toContainText("album/raw/shot-1.dng");
  await page.getByRole("button", { name: "Create link" }).click();
  const link = await page.getByRole("textbox", { name: "Short link" }).inputValue();

  const downloader = await (await newVisitorContext(browser)).newPage();
  await downloader.goto(link);
  const download = downloader.waitForEvent("download");
  await downloader.getByRole("button", { name: "Download all as zip" }).click();
  const archive = await download;
  expect(archive.suggestedFilename()).toBe("album.zip");
  const entries = unzipSync(new Uint8Array(await downloadedBytes(archive)));
  expect(Object.keys(entries).sort()).toEqual(["album/cover.jpg", "album/raw/shot-1.dng"]);
  expect(sha256(entries["album/cover.jpg"]!)).toBe(sha256(cover));
  expect(sha256(entries["album/raw/shot-1.dng"]!)).toBe(sha256(raw));
});

test("two people download at once, each listed on the sender's page", async ({ page, browser }) => {
  const original = randomBytes(8 * 1024 * 1024);
  const link = await shareFiles(page, [{ name: "video.mp4", mimeType: "video/mp4", buffer: original }]);
  const first = await (await newVisitorContext(browser)).newPage();
  const second = await (await newVisitorContext(browser)).newPage();
  await Promise.all([first.goto(link), second.goto(link)]);
  const downloads = [first.waitForEvent("download"), second.waitForEvent("download")];
  await Promise.all([first, second].map((downloader) => downloader.getByRole("button", { name: "Download", exact: true }).click()));
  for (const download of downloads) expect(sha256(await downloadedBytes(await download))).toBe(sha256(original));
  await expect(page.getByRole("region", { name: "Downloaders" }).locator('li[data-state="done"]')).toHaveCount(2);
  await expect(page.getByRole("list", { name: "My links" }).getByTestId("download-count")).toHaveText("2 downloads");
});

test("a revoked link, and one that never existed, say the same thing", async ({ page, browser }) => {
  const link = await shareFiles(page, [{ name: "draft.txt", mimeType: "text/plain", buffer: Buffer.from("draft") }]);
  await page.getByRole("button", { name: "Stop sharing" }).click();
  await expect(page.getByRole("button", { name: "Create link" })).toBeVisible();

  const visitor = await (await newVisitorContext(browser)).newPage();
  for (const address of [link, link.replace(/[^/]+$/, "NoSuchLink1234")]) {
    await visitor.goto(address);
    await expect(visitor.getByRole("main").getByRole("alert")).toHaveText("This link does not exist or has expired.");
  }
});

test("a file damaged on the way is reported and discarded, not saved", async ({ page, browser }) => {
  const original = randomBytes(512 * 1024);
  const link = await shareFiles(page, [{ name: "fragile.bin", mimeType: "application/octet-stream", buffer: original }]);
  const context = await newVisitorContext(browser);
  // Damage in transit, simulated: the last byte of the first piece of file data to arrive is flipped.
  await context.addInitScript(() => {
    let damaged = false;
    RTCDataChannel.prototype.addEventListener = function (this: RTCDataChannel, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
      if (type !== "message" || typeof listener !== "function") return EventTarget.prototype.addEventListener.call(this, type, listener, options);
      const damaging = (event: Event) => {
        const data: unknown = (event as MessageEvent).data;
        if (damaged || !(data instanceof ArrayBuffer) || data.byteLength < 4096) return listener.call(this, event);
        damaged = true;
        const bytes = new Uint8Array(data.slice(0));
        bytes[bytes.length - 1]! ^= 0xff;
        listener.call(this, new MessageEvent("message", { data: bytes.buffer }));
      };
      EventTarget.prototype.addEventListener.call(this, type, damaging, options);
    };
  });
  const downloader = await context.newPage();
  let saved = false;
  downloader.on("download", () => (saved = true));
  await downloader.goto(link);
  await downloader.getByRole("button", { name: "Download", exact: true }).click();
  await expect(downloader.getByText("fragile.bin arrived damaged (its checksum does not match) and was discarded. Try again.")).toBeVisible();
  await expect(downloader.getByTestId("transfer-status")).not.toContainText("received and verified");
  expect(saved).toBe(false);
});

test("a link lapses shortly after the sender's page closes, and then says what an unknown link says", async ({ page, browser }) => {
  test.setTimeout((SHARE_LAPSE_SECONDS + 60) * 1000);
  const link = await shareFiles(page, [{ name: "soon-gone.txt", mimeType: "text/plain", buffer: Buffer.from("soon gone") }]);
  const visitor = await (await newVisitorContext(browser)).newPage();
  await visitor.goto(link);
  await expect(visitor.getByRole("list", { name: "Files" })).toContainText("soon-gone.txt");

  // Closing the page revokes nothing: the link is still there right after, and goes once its renewals stop.
  await page.close();
  await visitor.reload();
  await expect(visitor.getByRole("list", { name: "Files" })).toContainText("soon-gone.txt");
  // The visitor learns at once that nobody is there to send them, rather than after clicking Download.
  await expect(visitor.getByTestId("sender-status")).toHaveText("The sender's page cannot be reached, so the files cannot be fetched now.", { timeout: 30_000 });
  await expect(async () => {
    await visitor.reload();
    await expect(visitor.getByRole("main").getByRole("alert")).toHaveText("This link does not exist or has expired.", { timeout: 2_000 });
  }).toPass({ timeout: (SHARE_LAPSE_SECONDS + 30) * 1000, intervals: [5_000] });
});

test("a downloader who reloads mid-transfer continues from what it already has", async ({ page, browser }) => {
  test.setTimeout(180_000);
  // Big enough that the transfer is still running when the page reloads.
  const file = path.join(mkdtempSync(path.join(tmpdir(), "coterie-e2e-big-")), "dataset.bin");
  const block = randomBytes(1024 * 1024);
  const hash = createHash("sha256");
  const blocks: Buffer[] = [];
  for (let index = 0; index < 192; index++) {
    const piece = Buffer.from(block);
    piece.writeUInt32BE(index, 0);
    blocks.push(piece);
    hash.update(piece);
  }
  writeFileSync(file, Buffer.concat(blocks));
  const size = 192 * 1024 * 1024;

  await signUp(page, uniqueUsername("bigsender"));
  await page.goto("/share");
  await page.getByLabel("Files to share").setInputFiles(file);
  await page.getByRole("button", { name: "Create link" }).click();
  const link = await page.getByRole("textbox", { name: "Short link" }).inputValue();

  const downloader = await (await newVisitorContext(browser)).newPage();
  await downloader.goto(link);
  await expect(downloader.getByTestId("sender-status")).toHaveAttribute("data-status", "online");
  await downloader.getByRole("button", { name: "Download", exact: true }).click();
  await expect(downloader.getByRole("region", { name: "Transfer" })).toHaveAttribute("data-status", "receiving");
  // The sender has the request: from here only the data and its storage can hold the download up.
  await expect(page.getByRole("region", { name: "Downloaders" }).locator('li[data-state="sending"]')).toHaveCount(1);
  const progress = downloader.getByRole("progressbar", { name: "Download progress" });
  // Progress counts received bytes. Past three 16 MiB batches the first is surely stored: the receiver stops taking
  // chunks after the third until the first write is done (receive-files.ts, MAX_WRITES_IN_FLIGHT).
  await expect.poll(async () => Number(await progress.getAttribute("value")), { intervals: [50] }).toBeGreaterThan(48 * 1024 * 1024);
  const receivedBeforeReload = Number(await progress.getAttribute("value"));
  expect(receivedBeforeReload).toBeLessThan(size);

  await downloader.reload();
  const download = downloader.waitForEvent("download", { timeout: 120_000 });
  const resumed = downloader.getByTestId("resumed-bytes");
  await expect(resumed).toBeVisible();
  const resumedFrom = Number(await resumed.getAttribute("data-bytes"));
  // After the reload only the rest travelled: fewer bytes than the file's size.
  expect(resumedFrom).toBeGreaterThan(0);
  expect(size - resumedFrom).toBeLessThan(size);
  const received = await downloadedBytes(await download);
  expect(received.length).toBe(size);
  expect(sha256(received)).toBe(hash.digest("hex"));
});

test("progress moves a MiB at a time from acknowledged bytes, and a finished download saved again is not counted again", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const MiB = 1024 * 1024;
  const size = 32 * MiB;
  const link = await shareFiles(page, randomFileOnDisk("film.bin", size));
  const counted: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("share.recordDownload")) counted.push(request.url());
  });

  const context = await newVisitorContext(browser);
  // Every value the download bar takes, as the page sets it (not sampled: nothing between two values is missed).
  await context.addInitScript(() => {
    const seen = window as unknown as { progressValues: number[] };
    seen.progressValues = [];
    new MutationObserver((records) => {
      for (const record of records) {
        const target = record.target as Element;
        if (target.getAttribute("aria-label") === "Download progress") seen.progressValues.push(Number(target.getAttribute("value")));
      }
    }).observe(document, { attributes: true, attributeFilter: ["value"], subtree: true });
  });
  const downloader = await context.newPage();
  await downloader.goto(link);
  await expect(downloader.getByTestId("sender-status")).toHaveAttribute("data-status", "online");
  const first = downloader.waitForEvent("download");
  await downloader.getByRole("button", { name: "Download", exact: true }).click();
  const original = readFileSync(await (await first).path());
  expect(original.length).toBe(size);
  await expect(downloader.getByTestId("transfer-status")).toContainText("received and verified");

  const values = await downloader.evaluate(() => (window as unknown as { progressValues: number[] }).progressValues);
  const steps = values.map((value, index) => value - (values[index - 1] ?? 0)).filter((step) => step !== 0);
  // An acknowledgement every MiB received (progress-acks.ts, whose unit test bounds each at a MiB and a chunk): about
  // 32 values of the bar, not the two 16 MiB storage batches of before. React renders acknowledgements that arrive
  // in one burst together, so a single step can span a few of them; the typical step is one.
  expect(steps.length).toBeGreaterThanOrEqual(24);
  expect(Math.min(...steps)).toBeGreaterThan(0);
  expect([...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)]).toBeLessThanOrEqual(MiB + 256 * 1024);
  expect(Math.max(...steps)).toBeLessThanOrEqual(4 * MiB);
  expect(values.at(-1)).toBe(size);

  // The sender counts one download.
  const count = page.getByRole("list", { name: "My links" }).getByTestId("download-count");
  await expect(count).toHaveText("1 download");
  expect(counted).toHaveLength(1);

  // Clicked again, the finished file is saved again from this page, without fetching or counting it again.
  const second = downloader.waitForEvent("download");
  await downloader.getByRole("button", { name: "Download", exact: true }).click();
  const again = await second;
  expect(again.suggestedFilename()).toBe("film.bin");
  expect(sha256(readFileSync(await again.path()))).toBe(sha256(original));
  await expect(downloader.getByTestId("transfer-status")).toContainText("received and verified");
  await page.waitForTimeout(2_000);
  await expect(count).toHaveText("1 download");
  expect(counted).toHaveLength(1);
  await expect(page.getByRole("region", { name: "Downloaders" }).locator('li[data-state="done"]')).toHaveCount(1);
});
