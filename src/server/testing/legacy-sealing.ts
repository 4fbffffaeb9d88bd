/** How provider keys were sealed before they were bound to their row (format v1), for tests of the re-sealing. */
import { createCipheriv, randomBytes } from "node:crypto";

export function sealLegacy(sealingKey: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}
