import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { providers } from "@/server/db/schema";
import { deriveKey } from "@/server/secrets";
import { describeWithDatabases } from "@/server/testing/databases";
import { sealLegacy } from "@/server/testing/legacy-sealing";
import { installTestAppSecret } from "@/server/testing/secret";
import { signedUpCaller } from "@/server/testing/trpc";
import { openProvider } from "./providers";
import { resealLegacyProviderKeys } from "./reseal-provider-keys";

beforeAll(installTestAppSecret);

describeWithDatabases("provider keys bound to their rows", (database) => {
  it("re-seals keys stored before the binding, once, so they open in their own row", async () => {
    const { db } = database();
    const { caller, userId } = await signedUpCaller(database(), "legacykey");
    const id = await caller.models.createProvider({ kind: "openai", label: "Old key", baseUrl: null, apiKey: "sk-placeholder" }).then((created) => created.id);
    await db.update(providers).set({ apiKeySealed: sealLegacy(deriveKey("provider-keys"), "sk-stored-long-ago") }).where(eq(providers.id, id));
    // Until re-sealed, a value without a binding does not open.
    await expect(openProvider(db, userId, id)).rejects.toMatchObject({ code: "UNAVAILABLE" });

    expect((await resealLegacyProviderKeys(db)).resealed).toBeGreaterThanOrEqual(1);
    const [row] = await db.select({ sealed: providers.apiKeySealed }).from(providers).where(eq(providers.id, id));
    expect(row?.sealed).toMatch(/^v2\./);
    expect((await openProvider(db, userId, id)).apiKey).toBe("sk-stored-long-ago");
    expect((await resealLegacyProviderKeys(db)).resealed).toBe(0);
  });

  it("refuses a sealed key copied into another row, even one of the same person", async () => {
    const { db } = database();
    const alice = await signedUpCaller(database(), "keyowner");
    const mallory = await signedUpCaller(database(), "keythief");
    const source = await alice.caller.models.createProvider({ kind: "openai", label: "Alice's", baseUrl: null, apiKey: "sk-alice-secret" });
    const ownOther = await alice.caller.models.createProvider({ kind: "openai", label: "Alice's second", baseUrl: null, apiKey: "sk-other" });
    const stolen = await mallory.caller.models.createProvider({ kind: "openai", label: "Mallory's", baseUrl: null, apiKey: "sk-mallory" });
    const [row] = await db.select({ sealed: providers.apiKeySealed }).from(providers).where(eq(providers.id, source.id));
    await db.update(providers).set({ apiKeySealed: row!.sealed }).where(eq(providers.id, stolen.id));
    await db.update(providers).set({ apiKeySealed: row!.sealed }).where(eq(providers.id, ownOther.id));
    await expect(openProvider(db, mallory.userId, stolen.id)).rejects.toMatchObject({ code: "UNAVAILABLE" });
    await expect(openProvider(db, alice.userId, ownOther.id)).rejects.toMatchObject({ code: "UNAVAILABLE" });
    expect((await openProvider(db, alice.userId, source.id)).apiKey).toBe("sk-alice-secret");
  });
});
