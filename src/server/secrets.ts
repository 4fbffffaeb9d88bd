/**
 * The app's master secret and the keys derived from it. Each purpose gets its own HKDF-derived key, so a key
 * leaked from one feature (say, signaling tokens) says nothing about another (say, encrypted provider keys).
 */
import { createHash, hkdfSync, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { TEnv } from "@/env";
import { processGlobal } from "./process-global";

export type TSecretPurpose = "peer-token" | "auth" | "provider-keys" | "room-ticket" | "share-ticket" | "share-grant";

const SECRET_FILE = "secret";
const installedSecret = processGlobal<string>("appSecret");

/**
 * AUTH_SECRET when configured; otherwise a random secret generated once and kept in DATA_DIR, so that a fresh
 * `npm start` simply works and sessions survive restarts.
 */
export function resolveAppSecret(current: Pick<TEnv, "AUTH_SECRET" | "DATA_DIR">): string {
  if (current.AUTH_SECRET) return current.AUTH_SECRET;
  const file = path.join(current.DATA_DIR, SECRET_FILE);
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(current.DATA_DIR, { recursive: true });
  const generated = randomBytes(48).toString("base64url");
  // "wx" refuses to overwrite: if another process won the race, read its secret instead.
  try {
    writeFileSync(file, `${generated}\n`, { mode: 0o600, flag: "wx" });
    return generated;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readFileSync(file, "utf8").trim();
  }
}

/** Installs the secret for this process; the server calls this once before it serves anything. */
export function installAppSecret(secret: string): void {
  installedSecret.set(secret);
}

export function appSecret(): string {
  const secret = installedSecret.get();
  if (!secret) throw new Error("The app secret has not been installed; start Coterie through src/server.ts.");
  return secret;
}

export function deriveKey(purpose: TSecretPurpose, secret: string = appSecret()): Buffer {
  const salt = createHash("sha256").update("coterie").digest();
  return Buffer.from(hkdfSync("sha256", secret, salt, `coterie:${purpose}`, 32));
}
