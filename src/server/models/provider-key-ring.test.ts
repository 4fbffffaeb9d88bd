import { afterEach, describe, expect, it } from "vitest";
import { installAppSecret } from "@/server/secrets";
import { TEST_APP_SECRET } from "@/server/testing/secret";
import { openApiKey, sealApiKey } from "./provider-key-ring";

const OLD_SECRET = "old-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

describe("provider key ring", () => {
  afterEach(() => installAppSecret(TEST_APP_SECRET));

  it("opens keys sealed under the current secret as they are", () => {
    installAppSecret(TEST_APP_SECRET);
    expect(openApiKey(sealApiKey("sk-current"), [])).toEqual({ apiKey: "sk-current", resealed: null });
  });

  it("reads a key sealed under a previous secret during rotation, and re-seals it under the current one", () => {
    installAppSecret(OLD_SECRET);
    const sealedBefore = sealApiKey("sk-rotated");
    installAppSecret(TEST_APP_SECRET);
    expect(() => openApiKey(sealedBefore, [])).toThrow(/could not be decrypted/);
    const { apiKey, resealed } = openApiKey(sealedBefore, [OLD_SECRET]);
    expect(apiKey).toBe("sk-rotated");
    expect(resealed).not.toBeNull();
    // Once re-sealed, the old secret is no longer needed.
    expect(openApiKey(resealed!, [])).toEqual({ apiKey: "sk-rotated", resealed: null });
  });
});
