import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sealLegacy } from "@/server/testing/legacy-sealing";
import { isLegacySealing, lastFour, openLegacySecret, openSecret, sealSecret, SecretBoxError } from "./secret-box";

const key = randomBytes(32);
const ROW = "provider-key:usr_a:prv_1";

describe("secret box", () => {
  it("round-trips, with a fresh IV every time", () => {
    const first = sealSecret(key, "sk-live-1234567890abcd", ROW);
    const second = sealSecret(key, "sk-live-1234567890abcd", ROW);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^v2\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(first).not.toContain("1234567890");
    expect(openSecret([key], first, ROW)).toBe("sk-live-1234567890abcd");
  });

  it("opens only where it was sealed: another row or owner refuses it", () => {
    const sealed = sealSecret(key, "sk-secret", ROW);
    expect(() => openSecret([key], sealed, "provider-key:usr_a:prv_2")).toThrow(SecretBoxError);
    expect(() => openSecret([key], sealed, "provider-key:usr_b:prv_1")).toThrow(SecretBoxError);
  });

  it("refuses a tampered value", () => {
    const sealed = sealSecret(key, "sk-secret", ROW);
    const [version, iv, ciphertext, tag] = sealed.split(".");
    const flipped = Buffer.from(ciphertext ?? "", "base64url");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => openSecret([key], [version, iv, flipped.toString("base64url"), tag].join("."), ROW)).toThrow(SecretBoxError);
    expect(() => openSecret([key], "garbage", ROW)).toThrow(/format/);
  });

  it("decrypts with a previous key during rotation, and not with an unrelated one", () => {
    const previous = randomBytes(32);
    const sealed = sealSecret(previous, "sk-old", ROW);
    expect(openSecret([key, previous], sealed, ROW)).toBe("sk-old");
    expect(() => openSecret([key], sealed, ROW)).toThrow(/could not be decrypted/);
  });

  it("reads a version 1 value only as such, to re-seal it", () => {
    const legacy = sealLegacy(key, "sk-from-before");
    expect(isLegacySealing(legacy)).toBe(true);
    expect(() => openSecret([key], legacy, ROW)).toThrow(/format/);
    expect(openLegacySecret([key], legacy)).toBe("sk-from-before");
  });

  it("shows only the last four characters", () => {
    expect(lastFour("sk-live-abcdWXYZ")).toBe("••••WXYZ");
    expect(lastFour("abc")).toBe("••••");
  });
});
