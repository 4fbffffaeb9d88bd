import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { iceServersFor, turnCredentials } from "./ice-servers";

const now = new Date("2026-11-23T12:00:00Z");
const nowSeconds = now.getTime() / 1000;

describe("turnCredentials", () => {
  it("follow coturn's use-auth-secret scheme", () => {
    const { username, credential, expiresAt } = turnCredentials("turn-shared-secret", "peer42", 3600, now);
    expect(username).toBe(`${nowSeconds + 3600}:peer42`);
    // coturn recomputes exactly this: base64(HMAC-SHA1(static-auth-secret, username)).
    expect(credential).toBe(createHmac("sha1", "turn-shared-secret").update(username).digest("base64"));
    expect(expiresAt.getTime()).toBe((nowSeconds + 3600) * 1000);
  });
});

describe("iceServersFor", () => {
  it("is empty when nothing is configured (host candidates only)", () => {
    expect(iceServersFor({ stunUrls: [], turnUrls: [], turnTtlSeconds: 60 }, "p", now)).toEqual([]);
  });

  it("lists STUN, and TURN with fresh credentials but never the secret", () => {
    const servers = iceServersFor(
      {
        stunUrls: ["stun:stun.example:3478"],
        turnUrls: ["turn:turn.example:3478", "turns:turn.example:5349"],
        turnSecret: "turn-shared-secret",
        turnTtlSeconds: 600,
      },
      "peer42",
      now,
    );
    expect(servers).toHaveLength(2);
    expect(servers[0]).toEqual({ urls: ["stun:stun.example:3478"] });
    expect(servers[1]?.urls).toEqual(["turn:turn.example:3478", "turns:turn.example:5349"]);
    expect(servers[1]?.username).toBe(`${nowSeconds + 600}:peer42`);
    expect(JSON.stringify(servers)).not.toContain("turn-shared-secret");
  });
});
