/**
 * bench:share — file transfer throughput on loopback between two headless Chromium pages, in one run:
 *   raw_MBps:      an ideal RTCDataChannel sender (data already in memory, messages of Coterie's chunk size,
 *                  the same bufferedAmount flow control, no hashing, no storage): the machine's limit, measured just
 *                  before and just after Coterie's transfer and averaged (one raw figure alone varies by ±15%
 *                  from minute to minute on a shared 2-core machine);
 *   coterie_MBps:  a Coterie share of the same 256 MiB file, end to end (read from disk, SHA-256 on both sides,
 *                  stored in IndexedDB, verified, saved), from the Download click to the browser's download.
 *                  Neither figure includes connection setup: the raw clock starts on an open channel, and the
 *                  download page connects to the sender when it opens, before anyone can click;
 *   ratio:         coterie / raw (goal ≥ 0.8).
 * Then a 1 GiB share, sampling the downloading tab's JS heap (CDP Performance metrics): peak_heap_MiB.
 * Needs a production build (`npm run build`) and Debian's Chromium.
 */
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, requireBuild, startApp } from "./support/app";
import { printResult } from "./support/harness";
import { SHARE_CHUNK_BYTES, SHARE_HIGH_WATER_BYTES, SHARE_LOW_WATER_BYTES } from "../src/lib/share/protocol";

const MiB = 1024 * 1024;
const SIZE = 256 * MiB;
const MEMORY_SIZE = 1024 * MiB;
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

async function writeFile(file: string, bytes: number): Promise<void> {
  const out = createWriteStream(file);
  const drained = () => new Promise<void>((resolve) => out.once("drain", () => resolve()));
  const block = Buffer.alloc(MiB);
  for (let written = 0; written < bytes; written += MiB) {
    block.writeUInt32BE(written / MiB, 0);
    if (!out.write(block)) await drained();
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

/** Two pages, a data channel between them (signaled through this script), and an ideal sender. */
async function rawThroughput(browser: Browser, url: string): Promise<number> {
  const [sender, receiver] = await Promise.all([browser.newPage(), browser.newPage()]);
  await Promise.all([sender.goto(`${url}/api/health`), receiver.goto(`${url}/api/health`)]);
  type TWindow = Window & { pc: RTCPeerConnection; channel: RTCDataChannel; candidates: RTCIceCandidateInit[]; done: Promise<number> };
  const setup = (page: Page) =>
    page.evaluate(() => {
      const win = window as unknown as TWindow;
      win.pc = new RTCPeerConnection();
      win.candidates = [];
      win.pc.onicecandidate = (event) => event.candidate && win.candidates.push(event.candidate.toJSON());
    });
  await Promise.all([setup(sender), setup(receiver)]);
  await receiver.evaluate((size) => {
    const win = window as unknown as TWindow;
    win.done = new Promise((resolve) => {
      win.pc.ondatachannel = (event) => {
        let received = 0;
        event.channel.binaryType = "arraybuffer";
        event.channel.onmessage = (message: MessageEvent<ArrayBuffer>) => {
          received += message.data.byteLength;
          if (received >= size) resolve(performance.now());
        };
      };
    });
  }, SIZE);
  const offer = await sender.evaluate(async () => {
    const win = window as unknown as TWindow;
    win.channel = win.pc.createDataChannel("bench", { ordered: true });
    await win.pc.setLocalDescription(await win.pc.createOffer());
    return win.pc.localDescription!.toJSON();
  });
  const answer = await receiver.evaluate(async (remote) => {
    const win = window as unknown as TWindow;
    await win.pc.setRemoteDescription(remote);
    await win.pc.setLocalDescription(await win.pc.createAnswer());
    return win.pc.localDescription!.toJSON();
  }, offer);
  await sender.evaluate((remote) => (window as unknown as TWindow).pc.setRemoteDescription(remote), answer);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const senderCandidates = await sender.evaluate(() => (window as unknown as TWindow).candidates);
  const receiverCandidates = await receiver.evaluate(() => (window as unknown as TWindow).candidates);
  await receiver.evaluate((list) => Promise.all(list.map((candidate) => (window as unknown as TWindow).pc.addIceCandidate(candidate))), senderCandidates);
  await sender.evaluate((list) => Promise.all(list.map((candidate) => (window as unknown as TWindow).pc.addIceCandidate(candidate))), receiverCandidates);

  const startedAt = await sender.evaluate(
    async ({ size, chunkBytes, highWater, lowWater }) => {
      const win = window as unknown as TWindow;
      const channel = win.channel;
      if (channel.readyState !== "open") await new Promise((resolve) => channel.addEventListener("open", resolve, { once: true }));
      channel.bufferedAmountLowThreshold = lowWater;
      const chunk = new Uint8Array(chunkBytes);
      const started = performance.timeOrigin + performance.now();
      for (let sent = 0; sent < size; sent += chunk.length) {
        if (channel.bufferedAmount > highWater) await new Promise((resolve) => channel.addEventListener("bufferedamountlow", resolve, { once: true }));
        channel.send(chunk);
      }
      return started;
    },
    { size: SIZE, chunkBytes: SHARE_CHUNK_BYTES, highWater: SHARE_HIGH_WATER_BYTES, lowWater: SHARE_LOW_WATER_BYTES },
  );
  const finishedAt = await receiver.evaluate(async () => performance.timeOrigin + (await (window as unknown as TWindow).done));
  await Promise.all([sender.close(), receiver.close()]);
  return SIZE / MiB / ((finishedAt - startedAt) / 1000);
}

/** A Coterie share from one context to another; returns MB/s and the downloading tab's peak JS heap. */
async function shareThroughput(browser: Browser, url: string, file: string, bytes: number, username: string): Promise<{ mbps: number; peakHeapMiB: number }> {
  const uploaderContext = await browser.newContext({ baseURL: url });
  const uploader = await uploaderContext.newPage();
  await uploader.goto("/sign-up");
  await uploader.getByLabel("Username").fill(username);
  await uploader.getByLabel("Password").fill("correct horse battery staple");
  await uploader.getByRole("button", { name: "Create account" }).click();
  await uploader.getByRole("button", { name: /^Account menu for / }).waitFor();
  await uploader.goto("/share");
  await uploader.getByLabel("Files to share").setInputFiles(file);
  await uploader.getByRole("button", { name: "Create link" }).click();
  const link = await uploader.getByRole("textbox", { name: "Short link" }).inputValue();

  const downloaderContext = await browser.newContext({ acceptDownloads: true });
  const downloader = await downloaderContext.newPage();
  await downloader.goto(link);
  // As a person would: the page has connected to the sender by the time they have read the file list.
  await downloader.locator('[data-testid="sender-status"][data-status="online"]').waitFor();
  const cdp = await downloaderContext.newCDPSession(downloader);
  await cdp.send("Performance.enable");
  let peakHeap = 0;
  const sampler = setInterval(() => {
    void cdp.send("Performance.getMetrics").then(({ metrics }) => {
      const heap = metrics.find((metric) => metric.name === "JSHeapTotalSize")?.value ?? 0;
      peakHeap = Math.max(peakHeap, heap);
    }).catch(() => undefined);
  }, 100);
  const download = downloader.waitForEvent("download", { timeout: 600_000 });
  const started = performance.now();
  await downloader.getByRole("button", { name: "Download", exact: true }).click();
  await download;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await Promise.all([uploaderContext.close(), downloaderContext.close()]);
  return { mbps: bytes / MiB / seconds, peakHeapMiB: peakHeap / MiB };
}

async function main(): Promise<void> {
  requireBuild();
  const work = mkdtempSync(path.join(tmpdir(), "coterie-bench-share-"));
  const app = await startApp(path.join(work, "data"));
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: CHROMIUM_ARGS,
  });
  try {
    const file = path.join(work, "bench-256MiB.bin");
    await writeFile(file, SIZE);
    const rawBefore = await rawThroughput(browser, app.url);
    const share = await shareThroughput(browser, app.url, file, SIZE, `bench${Date.now().toString(36)}`);
    const rawAfter = await rawThroughput(browser, app.url);
    const raw = (rawBefore + rawAfter) / 2;
    console.log(`raw RTCDataChannel: ${rawBefore.toFixed(1)} MB/s before, ${rawAfter.toFixed(1)} MB/s after, ${raw.toFixed(1)} MB/s on average`);
    console.log(`coterie share: ${share.mbps.toFixed(1)} MB/s (downloading tab peak JS heap ${share.peakHeapMiB.toFixed(1)} MiB)`);
    const big = path.join(work, "bench-1GiB.bin");
    await writeFile(big, MEMORY_SIZE);
    const memory = await shareThroughput(browser, app.url, big, MEMORY_SIZE, `benchgib${Date.now().toString(36)}`);
    console.log(`1 GiB share: ${memory.mbps.toFixed(1)} MB/s, downloading tab peak JS heap ${memory.peakHeapMiB.toFixed(1)} MiB`);
    printResult({
      raw_MBps: raw,
      coterie_MBps: share.mbps,
      // Two decimals: rounded to one, 0.76 and 0.84 would both read 0.8.
      ratio: (share.mbps / raw).toFixed(2),
      peak_heap_MiB_1GiB: memory.peakHeapMiB,
    });
  } finally {
    await browser.close();
    await app.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
