import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, newVisitorContext, test } from "./support/test";
import { deriveKey } from "../src/server/secrets";
import { generatePeerId, mintPeerToken } from "../src/server/signaling/peer-token";
import { sessionIdOf, signUp, uniqueUsername } from "./support/accounts";
import { E2E_AUTH_SECRET } from "./support/constants";
import { anotherPerson, hostRoom, joinRoom, roomMessages, say } from "./support/rooms";
import { startSignalingFlood } from "./support/signaling-flood";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");


/** Signaling credentials go to signed-in devices (and share downloaders), so each person signs up first. */
async function registeredPeerId(page: Page): Promise<string> {
  await signUp(page, uniqueUsername("signal"));
  await page.goto("/connection-test");
  await expect(page.getByTestId("connection-status")).toHaveText("Ready");
  const peerId = await page.getByTestId("own-peer-id").textContent();
  expect(peerId).toMatch(/^[1-9A-HJ-NP-Za-km-z]{16,22}$/);
  return peerId ?? "";
}

/** Opens the signaling socket the way PeerJS does and returns the server's first frame and the close code. */
function trySignaling(page: Page, peerId: string, token: string) {
  return page.evaluate(
    ({ peerId, token }) =>
      new Promise<{ frame: unknown; closeCode: number }>((resolve) => {
        const socket = new WebSocket(`ws://${location.host}/peerjs/peerjs?key=coterie&id=${peerId}&token=${token}&version=1.5.5`);
        let frame: unknown = null;
        socket.onmessage = (event) => {
          frame ??= JSON.parse(String(event.data)) as unknown;
        };
        socket.onclose = (event) => resolve({ frame, closeCode: event.code });
      }),
    { peerId, token },
  );
}

test("two browsers get peer tokens, register, open a data channel and exchange messages", async ({ browser }) => {
  const alice = await newVisitorContext(browser);
  const bob = await newVisitorContext(browser);
  const alicePage = await alice.newPage();
  const bobPage = await bob.newPage();

  const aliceId = await registeredPeerId(alicePage);
  const bobId = await registeredPeerId(bobPage);
  expect(bobId).not.toBe(aliceId);

  await bobPage.getByLabel("Other device's code").fill(aliceId);
  await bobPage.getByRole("button", { name: "Connect" }).click();
  await expect(bobPage.getByTestId("connection-status")).toHaveText("Connected");
  await expect(alicePage.getByTestId("connection-status")).toHaveText("Connected");
  await expect(bobPage.getByTestId("round-trip")).toHaveText(/Round trip over the data channel: \d+ ms/);

  await bobPage.getByRole("textbox", { name: "Message" }).fill("Hello from Bob");
  await bobPage.getByRole("button", { name: "Send" }).click();
  await expect(alicePage.getByRole("list", { name: "Messages" })).toContainText("Them: Hello from Bob");

  await alicePage.getByRole("textbox", { name: "Message" }).fill("Hi Bob, Alice here");
  await alicePage.getByRole("button", { name: "Send" }).click();
  await expect(bobPage.getByRole("list", { name: "Messages" })).toContainText("Them: Hi Bob, Alice here");

  const health = (await (await alicePage.request.get("/api/health")).json()) as { signaling: { peers: number } };
  expect(health.signaling.peers).toBeGreaterThanOrEqual(2);

  await alice.close();
  await expect(bobPage.getByTestId("connection-status")).toHaveText("Ready");
  await bob.close();
});

test("an invite link connects straight away", async ({ browser }) => {
  const host = await (await newVisitorContext(browser)).newPage();
  const hostId = await registeredPeerId(host);
  const guest = await (await newVisitorContext(browser)).newPage();
  await signUp(guest, uniqueUsername("guest"));
  await guest.goto(`/connection-test?peer=${hostId}`);
  await expect(guest.getByTestId("connection-status")).toHaveText("Connected");
  await expect(host.getByTestId("connection-status")).toHaveText("Connected");
});

test("a peer with a forged token is refused with the reason", async ({ page }) => {
  await page.goto("/");
  const peerId = generatePeerId();
  const forged = mintPeerToken(deriveKey("peer-token", "someone-else-secret-0123456789-abcdefgh"), peerId, "ses_anything", 300);
  const result = await trySignaling(page, peerId, forged.token);
  expect(result.frame).toEqual({ type: "ERROR", payload: { msg: "The signaling token was not issued for this peer." } });
  expect(result.closeCode).toBe(1008);
});

test("a peer with an expired token is refused with the reason", async ({ page }) => {
  await page.goto("/");
  const peerId = generatePeerId();
  const expired = mintPeerToken(deriveKey("peer-token", E2E_AUTH_SECRET), peerId, "ses_anything", 60, new Date(Date.now() - 10 * 60_000));
  const result = await trySignaling(page, peerId, expired.token);
  expect(result.frame).toEqual({ type: "ERROR", payload: { msg: "The signaling token has expired; request a new one." } });
  expect(result.closeCode).toBe(1008);
});

test("a genuine token for a device that does not exist is refused with the reason", async ({ page }) => {
  await page.goto("/");
  const peerId = generatePeerId();
  const orphan = mintPeerToken(deriveKey("peer-token", E2E_AUTH_SECRET), peerId, "ses_nosuchdevice", 60);
  const result = await trySignaling(page, peerId, orphan.token);
  expect(result.frame).toEqual({ type: "ERROR", payload: { msg: "This sign-in or link has ended; the connection was refused." } });
  expect(result.closeCode).toBe(1008);
});

test("a valid token minted with the server's secret is accepted (the refusals above are not a broken socket)", async ({ page }) => {
  await signUp(page, uniqueUsername("minted"));
  const peerId = generatePeerId();
  const valid = mintPeerToken(deriveKey("peer-token", E2E_AUTH_SECRET), peerId, await sessionIdOf(page), 60);
  const opened = await page.evaluate(
    ({ peerId, token }) =>
      new Promise<unknown>((resolve) => {
        const socket = new WebSocket(`ws://${location.host}/peerjs/peerjs?key=coterie&id=${peerId}&token=${token}&version=1.5.5`);
        socket.onmessage = (event) => {
          resolve(JSON.parse(String(event.data)));
          socket.close();
        };
      }),
    { peerId, token: valid.token },
  );
  expect(opened).toEqual({ type: "OPEN" });
});

test("a share and a room keep working while someone floods signaling", async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  // The share whose uploader the flood aims at: its peer ID is on every download page.
  const original = randomBytes(6 * 1024 * 1024);
  await signUp(page, uniqueUsername("floodedsender"));
  await page.goto("/share");
  await page.getByLabel("Files to share").setInputFiles([{ name: "steady.bin", mimeType: "application/octet-stream", buffer: original }]);
  await page.getByRole("button", { name: "Create link" }).click();
  const link = await page.getByRole("textbox", { name: "Short link" }).inputValue();

  const attacker = await (await newVisitorContext(browser)).newPage();
  await signUp(attacker, uniqueUsername("flooder"));
  const opened = (await (await attacker.request.get(`/api/trpc/share.open?input=${encodeURIComponent(JSON.stringify({ json: { slug: link.split("/").pop() } }))}`)).json()) as {
    result: { data: { json: { access: { uploaderPeerId: string } } } };
  };
  const flood = startSignalingFlood(baseURL!, await sessionIdOf(attacker), { target: opened.result.data.json.access.uploaderPeerId, sockets: 6, fromAddress: "10.66.66.66" });

  try {
    const downloader = await (await newVisitorContext(browser)).newPage();
    await downloader.goto(link);
    const download = downloader.waitForEvent("download");
    await downloader.getByRole("button", { name: "Download", exact: true }).click();
    const saved = await download;
    const file = await saved.path();
    expect(sha256(readFileSync(file))).toBe(sha256(original));

    const host = await anotherPerson(browser, "floodhost", { llm: false });
    const roomLink = await hostRoom(host, "Despite the noise", "Iris");
    const guest = await anotherPerson(browser, "floodguest", { llm: false });
    await joinRoom(guest, roomLink, "Bram");
    await say(guest.page, "Can you hear me over the flood?");
    await expect(roomMessages(host.page).filter({ hasText: "Can you hear me over the flood?" })).toHaveCount(1);
  } finally {
    const report = await flood.stop();
    // The flood was real, and the server closed its sockets rather than relaying it all.
    expect(report.framesSent).toBeGreaterThan(5_000);
    expect(report.closedForFlooding + report.closedForSize).toBeGreaterThan(5);
  }
});
