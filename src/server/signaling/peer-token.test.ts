import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generatePeerId, PEER_ID_BYTES, issuePeerCredentials, mintPeerToken, verifyPeerToken } from "./peer-token";

const key = randomBytes(32);
const now = new Date("2026-11-23T12:00:00Z");

describe("peer IDs", () => {
  it("carry at least 128 random bits in PeerJS-safe characters", () => {
    const ids = new Set(Array.from({ length: 1000 }, generatePeerId));
    expect(ids.size).toBe(1000);
    expect(PEER_ID_BYTES * 8).toBeGreaterThanOrEqual(128);
    // 16 bytes need at most 22 base58 digits; PeerJS accepts only letters and digits.
    for (const id of ids) expect(id).toMatch(/^[1-9A-HJ-NP-Za-km-z]{16,22}$/);
  });
});

describe("peer tokens", () => {
  it("verify for the peer they were issued to", () => {
    const credentials = issuePeerCredentials(key, 300, now);
    expect(credentials.token).toMatch(/^v1\.\d+\.[\w-]+$/);
    expect(credentials.expiresAt.getTime()).toBe(now.getTime() + 300_000);
    expect(verifyPeerToken(key, credentials.peerId, credentials.token, now)).toEqual({ ok: true });
  });

  it("are refused for another peer ID", () => {
    const { token } = mintPeerToken(key, "alice123", 300, now);
    expect(verifyPeerToken(key, "mallory123", token, now)).toMatchObject({ ok: false, reason: /not issued for this peer/ });
  });

  it("are refused when signed with another key", () => {
    const { peerId, token } = issuePeerCredentials(randomBytes(32), 300, now);
    expect(verifyPeerToken(key, peerId, token, now).ok).toBe(false);
  });

  it("are refused when the expiry was tampered with", () => {
    const { peerId, token } = issuePeerCredentials(key, 300, now);
    const [version, expiry, signature] = token.split(".");
    const extended = `${version}.${Number(expiry) + 3600}.${signature}`;
    expect(verifyPeerToken(key, peerId, extended, now).ok).toBe(false);
  });

  it("expire", () => {
    const { peerId, token } = issuePeerCredentials(key, 300, now);
    const later = new Date(now.getTime() + 301_000);
    expect(verifyPeerToken(key, peerId, token, later)).toMatchObject({ ok: false, reason: /expired/ });
  });

  it.each([
    [null, "v1.1.abc"],
    ["peer", null],
    ["peer", "garbage"],
    ["peer", "v2.123.abc"],
    ["peer", "v1.12x.abc"],
    ["peer", "v1.123.abc.def"],
  ])("refuse missing or malformed input (%s, %s)", (peerId, token) => {
    expect(verifyPeerToken(key, peerId, token, now).ok).toBe(false);
  });
});
