import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { deriveKey, resolveAppSecret } from "./secrets";

const freshDir = () => path.join(mkdtempSync(path.join(tmpdir(), "coterie-secret-")), "data");

describe("resolveAppSecret", () => {
  it("uses AUTH_SECRET when configured", () => {
    const secret = "s".repeat(40);
    expect(resolveAppSecret({ AUTH_SECRET: secret, DATA_DIR: freshDir() })).toBe(secret);
  });

  it("generates a secret once, keeps it private, and reuses it", () => {
    const dataDir = freshDir();
    const first = resolveAppSecret({ AUTH_SECRET: undefined, DATA_DIR: dataDir });
    expect(first.length).toBeGreaterThanOrEqual(64);
    expect(readFileSync(path.join(dataDir, "secret"), "utf8").trim()).toBe(first);
    expect(statSync(path.join(dataDir, "secret")).mode & 0o777).toBe(0o600);
    expect(resolveAppSecret({ AUTH_SECRET: undefined, DATA_DIR: dataDir })).toBe(first);
  });
});

describe("deriveKey", () => {
  it("gives each purpose its own stable 256-bit key", () => {
    const secret = "m".repeat(48);
    const peer = deriveKey("peer-token", secret);
    expect(peer).toHaveLength(32);
    expect(deriveKey("peer-token", secret).equals(peer)).toBe(true);
    expect(deriveKey("auth", secret).equals(peer)).toBe(false);
    expect(deriveKey("peer-token", "n".repeat(48)).equals(peer)).toBe(false);
  });
});
