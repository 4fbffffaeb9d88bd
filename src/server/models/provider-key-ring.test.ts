import { afterEach, describe, expect, it } from "vitest";
import { deriveKey, installAppSecret } from "@/server/secrets";
import { sealLegacy } from "@/server/testing/legacy-sealing";
import { TEST_APP_SECRET } from "@/server/testing/secret";
import { openApiKey, resealLegacyApiKey, sealApiKey } from "./provider-key-ring";

const OLD_SECRET = "old-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
const OWNER = { userId: "usr_ada", providerId: "prv_one" };

describe("provider key ring", () => {
  afterEach(() => installAppSecret(TEST_APP_SECRET));

  it("opens keys sealed under the current secret as they are, for their own row only", () => {
    installAppSecret(TEST_APP_SECRET);
    const sealed = sealApiKey("sk-current", OWNER);
    expect(openApiKey(sealed, OWNER, [])).toEqual({ apiKey: "sk-current", resealed: null });
    expect(() => openApiKey(sealed, { ...OWNER, providerId: "prv_two" }, [])).toThrow(/could not be decrypted/);
  });

  it("reads a key sealed under a previous secret during rotation, and re-seals it under the current one", () => {
    installAppSecret(OLD_SECRET);
    const sealedBefore = sealApiKey("sk-rotated", OWNER);
    installAppSecret(TEST_APP_SECRET);
    expect(() => openApiKey(sealedBefore, OWNER, [])).toThrow(/could not be decrypted/);
    const { apiKey, resealed } = openApiKey(sealedBefore, OWNER, [OLD_SECRET]);
    expect(apiKey).toBe("sk-rotated");
    expect(resealed).not.toBeNull();
    // Once re-sealed, the old secret is no longer needed.
    expect(openApiKey(resealed!, OWNER, [])).toEqual({ apiKey: "sk-rotated", resealed: null });
  });

  it("binds a key sealed before bindings existed to its row, under the current or a previous secret", () => {
    installAppSecret(TEST_APP_SECRET);
    const fromBefore = sealLegacy(deriveKey("provider-keys", OLD_SECRET), "sk-legacy");
    const bound = resealLegacyApiKey(fromBefore, OWNER, [OLD_SECRET]);
    expect(openApiKey(bound, OWNER, [])).toEqual({ apiKey: "sk-legacy", resealed: null });
  });
});
