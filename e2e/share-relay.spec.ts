/**
 * Sharing when the operator chose relay-only ICE (ICE_TRANSPORT_POLICY=relay): this story runs against the suite's
 * second app server, which hands browsers TURN credentials for a real coturn (see playwright.config.ts). Browsers
 * may then use relayed candidates only, so every byte of the file has to pass through coturn.
 */
import type { Page } from "@playwright/test";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { signUp, uniqueUsername } from "./support/accounts";
import { expect, newVisitorContext, test } from "./support/test";
import { turnUsage } from "./support/turn-log";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** What the page's RTCPeerConnections were configured with, and the candidate pair each one ended up using. */
type TWatchedConnection = {
  iceTransportPolicy: string;
  turnUsernames: string[];
  selectedPair: { local: string; remote: string; bytesReceived: number } | null;
};

/**
 * Runs in the page before its scripts: records each RTCPeerConnection's configuration and, when it is closed (the
 * page closes one after each download) or when the test asks, the candidate pair it used and the bytes that pair
 * received. The close itself waits for that last reading, so the count includes the whole file.
 */
function watchPeerConnections() {
  const watched: { connection: RTCPeerConnection; record: TWatchedConnection }[] = [];
  async function readSelectedPair(connection: RTCPeerConnection, record: TWatchedConnection) {
    const stats = await connection.getStats();
    stats.forEach((report: { type: string; selectedCandidatePairId?: string }) => {
      if (report.type !== "transport" || !report.selectedCandidatePairId) return;
      const pair = stats.get(report.selectedCandidatePairId) as { localCandidateId: string; remoteCandidateId: string; bytesReceived: number };
      const candidateType = (id: string) => (stats.get(id) as { candidateType: string }).candidateType;
      record.selectedPair = { local: candidateType(pair.localCandidateId), remote: candidateType(pair.remoteCandidateId), bytesReceived: pair.bytesReceived };
    });
  }
  const Native = window.RTCPeerConnection;
  class WatchedPeerConnection extends Native {
    private readonly record: TWatchedConnection;
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      this.record = {
        iceTransportPolicy: configuration?.iceTransportPolicy ?? "all",
        turnUsernames: (configuration?.iceServers ?? []).flatMap((server) => (server.username ? [server.username] : [])),
        selectedPair: null,
      };
      watched.push({ connection: this, record: this.record });
    }
    override close() {
      void readSelectedPair(this, this.record).finally(() => super.close());
    }
  }
  window.RTCPeerConnection = WatchedPeerConnection;
  (window as unknown as { peerConnections: () => Promise<TWatchedConnection[]> }).peerConnections = async () => {
    await Promise.all(watched.filter(({ connection }) => connection.connectionState !== "closed").map(({ connection, record }) => readSelectedPair(connection, record)));
    return watched.map(({ record }) => record);
  };
}

const peerConnections = (page: Page) => page.evaluate(() => (window as unknown as { peerConnections: () => Promise<TWatchedConnection[]> }).peerConnections());

test("with relay-only ICE, a shared file travels through coturn and arrives intact", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const original = randomBytes(4 * 1024 * 1024 + 4_321);
  await signUp(page, uniqueUsername("relayed"));
  await page.goto("/share");
  await page.getByLabel("Files to share").setInputFiles([{ name: "relayed.bin", mimeType: "application/octet-stream", buffer: original }]);
  await page.getByRole("button", { name: "Create link" }).click();
  const link = await page.getByRole("textbox", { name: "Short link" }).inputValue();
  expect(link).toMatch(/\/s\/[1-9A-HJ-NP-Za-km-z]{12}$/);

  const context = await newVisitorContext(browser);
  await context.addInitScript(watchPeerConnections);
  const downloader = await context.newPage();
  await downloader.goto(link);
  await expect(downloader.getByTestId("sender-status")).toHaveAttribute("data-status", "online");
  const downloading = downloader.waitForEvent("download");
  await downloader.getByRole("button", { name: "Download", exact: true }).click();
  const download = await downloading;
  const file = path.join(mkdtempSync(path.join(tmpdir(), "coterie-e2e-relay-")), download.suggestedFilename());
  await download.saveAs(file);
  expect(sha256(readFileSync(file))).toBe(sha256(original));
  await expect(downloader.getByTestId("transfer-status")).toContainText("received and verified");

  // The browser's own account: its connection was told relay-only and given a TURN username minted by the app, and
  // the candidate pair that carried the file joins two coturn relay addresses (no host candidate on either side).
  const [carrier, ...others] = (await peerConnections(downloader)).filter((connection) => (connection.selectedPair?.bytesReceived ?? 0) >= original.length);
  expect(others).toEqual([]);
  expect(carrier).toMatchObject({ iceTransportPolicy: "relay", selectedPair: { local: "relay", remote: "relay" } });
  const [turnUsername] = carrier!.turnUsernames;
  expect(turnUsername).toMatch(/^\d+:[\w-]+$/);

  // coturn's own account: it accepted that username (so the app's credential matched its static-auth-secret), gave
  // it a relay allocation and permissions, and relayed the whole file to that browser. coturn writes a session's
  // last usage line when its allocation ends: closing the browser releases it, or (should Chromium not get to say
  // so) it expires within the suite's 30 s allocation lifetime.
  await context.close();
  await expect.poll(() => turnUsage(turnUsername!).closed, { timeout: 45_000, intervals: [250] }).toBe(true);
  const usage = turnUsage(turnUsername!);
  expect(usage).toMatchObject({ sessionOpened: true, allocated: true, permitted: true });
  expect(usage.bytesSentToClient).toBeGreaterThanOrEqual(original.length);
});
