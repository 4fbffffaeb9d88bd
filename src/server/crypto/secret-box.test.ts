import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { lastFour, openSecret, sealSecret, SecretBoxError } from "./secret-box";

const key = randomBytes(32);

describe("secret box", () => {
  it("round-trips, with a fresh IV every time", () => {
    const first = sealSecret(key, "sk-live-1234567890abcd");
    const second = sealSecret(key, "sk-live-1234567890abcd");
    expect(first).not.toBe(second);
    expect(first).toMatch(/^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(first).not.toContain("1234567890");
    expect(openSecret([key], first)).toBe("sk-live-1234567890abcd");
  });

  it("refuses a tampered value", () => {
    const sealed = sealSecret(key, "sk-secret");
    const [version, iv, ciphertext, tag] = sealed.split(".");
    const flipped = Buffer.from(ciphertext ?? "", "base64url");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => openSecret([key], [version, iv, flipped.toString("base64url"), tag].join("."))).toThrow(SecretBoxError);
    expect(() => openSecret([key], "garbage")).toThrow(/format/);
  });

  it("decrypts with a previous key during rotation, and not with an unrelated one", () => {
    const previous = randomBytes(32);
    const sealed = sealSecret(previous, "sk-old");
    expect(openSecret([key, previous], sealed)).toBe("sk-old");
    expect(() => openSecret([key], sealed)).toThrow(/could not be decrypted/);
  });

  it("shows only the last four characters", () => {
    expect(lastFour("sk-live-abcdWXYZ")).toBe("••••WXYZ");
    expect(lastFour("abc")).toBe("••••");
  });
});
