import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generatePeerId, PEER_ID_BYTES, issuePeerCredentials, mintPeerToken, verifyPeerToken } from "./peer-token";

const key = randomBytes(32);
const now = new Date("2026-11-23T12:00:00Z");
const SESSION = "ses_device0001";
const SHARE = "shr_link0001";

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
  it("verify for the peer they were issued to, and name what they were issued for", () => {
    const credentials = issuePeerCredentials(key, SESSION, 300, now);
    expect(credentials.token).toMatch(/^v2\.\d+\.ses_device0001\.[\w-]+$/);
    expect(credentials.expiresAt.getTime()).toBe(now.getTime() + 300_000);
    expect(verifyPeerToken(key, credentials.peerId, credentials.token, now)).toEqual({ ok: true, subject: SESSION });
    const download = issuePeerCredentials(key, SHARE, 300, now);
    expect(verifyPeerToken(key, download.peerId, download.token, now)).toEqual({ ok: true, subject: SHARE });
  });

  it("are refused for another peer ID", () => {
    const { token } = mintPeerToken(key, "alice123", SESSION, 300, now);
    expect(verifyPeerToken(key, "mallory123", token, now)).toMatchObject({ ok: false, reason: /not issued for this peer/ });
  });

  it("are refused when the subject was swapped", () => {
    const { peerId, token } = issuePeerCredentials(key, SHARE, 300, now);
    expect(verifyPeerToken(key, peerId, token.replace(SHARE, "ses_someoneelse"), now).ok).toBe(false);
  });

  it("are refused when signed with another key", () => {
    const { peerId, token } = issuePeerCredentials(randomBytes(32), SESSION, 300, now);
    expect(verifyPeerToken(key, peerId, token, now).ok).toBe(false);
  });

  it("are refused when the expiry was tampered with", () => {
    const { peerId, token } = issuePeerCredentials(key, SESSION, 300, now);
    const [version, expiry, subject, signature] = token.split(".");
    const extended = `${version}.${Number(expiry) + 3600}.${subject}.${signature}`;
    expect(verifyPeerToken(key, peerId, extended, now).ok).toBe(false);
  });

  it("expire", () => {
    const { peerId, token } = issuePeerCredentials(key, SESSION, 300, now);
    const later = new Date(now.getTime() + 301_000);
    expect(verifyPeerToken(key, peerId, token, later)).toMatchObject({ ok: false, reason: /expired/ });
  });

  it("are only minted for a session or a share", () => {
    expect(() => mintPeerToken(key, "peer1234", "usr_someone", 60, now)).toThrow();
  });

  it.each([
    [null, "v2.1.ses_a.abc"],
    ["peer", null],
    ["peer", "garbage"],
    ["peer", "v1.123.abc"],
    ["peer", "v2.12x.ses_a.abc"],
    ["peer", "v2.123.usr_a.abc"],
    ["peer", "v2.123.ses_a.abc.def"],
  ])("refuse missing or malformed input (%s, %s)", (peerId, token) => {
    expect(verifyPeerToken(key, peerId, token, now).ok).toBe(false);
  });
});
