import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { providers } from "@/server/db/schema";
import { describeWithDatabases } from "@/server/testing/databases";
import { withTestLlm } from "@/server/testing/test-llm";
import { signedUpCaller } from "@/server/testing/trpc";
import { openProvider } from "./providers";

const llm = withTestLlm();

describeWithDatabases("models.updateProvider: editing a saved provider", (database) => {
  it("changes the label and base URL and keeps the sealed key when no key is given, which never comes back out", async () => {
    const { db } = database();
    const { caller, userId } = await signedUpCaller(database(), "editor");
    const { id } = await caller.models.createProvider({ kind: "openai_compatible", label: "Home box", baseUrl: "http://192.168.1.1/v1", apiKey: "sk-first-key-1111" });
    await caller.models.updateProvider({ id, fields: { kind: "openai_compatible", label: "Test server", baseUrl: llm.url } });

    const [listed] = await caller.models.providers();
    expect(listed).toMatchObject({ id, label: "Test server", baseUrl: llm.url, apiKeyLastFour: "••••1111", keyUnreadable: false });
    expect(JSON.stringify(await caller.models.providers())).not.toContain("sk-first");
    expect((await openProvider(db, userId, id)).apiKey).toBe("sk-first-key-1111");
    await expect(caller.models.testConnection({ id })).resolves.toEqual({ ok: true, message: "Connected to Test server: 2 models available." });

    await caller.models.updateProvider({ id, fields: { kind: "openai_compatible", label: "Test server", baseUrl: llm.url, apiKey: "sk-second-key-2222" } });
    expect((await caller.models.providers())[0]?.apiKeyLastFour).toBe("••••2222");
    expect((await openProvider(db, userId, id)).apiKey).toBe("sk-second-key-2222");
  });

  it("sends an edited base URL through the outbound policy: a private address is refused when it is used", async () => {
    const { caller } = await signedUpCaller(database(), "mover");
    const { id } = await caller.models.createProvider({ kind: "openai_compatible", label: "Test server", baseUrl: llm.url });
    await caller.models.updateProvider({ id, fields: { kind: "openai_compatible", label: "Router", baseUrl: "http://169.254.169.254/latest" } });
    expect((await caller.models.testConnection({ id })).message).toMatch(/^Router: The server refused this address\. /);
    await expect(caller.models.updateProvider({ id, fields: { kind: "openai_compatible", label: "Router", baseUrl: "file:///etc/passwd" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("keeps a provider's kind and a required key", async () => {
    const { caller } = await signedUpCaller(database(), "kinds");
    const { id } = await caller.models.createProvider({ kind: "openai", label: "OpenAI", baseUrl: null, apiKey: "sk-openai-3333" });
    await expect(caller.models.updateProvider({ id, fields: { kind: "anthropic", label: "OpenAI", baseUrl: null } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.models.updateProvider({ id, fields: { kind: "openai", label: "OpenAI", baseUrl: null, apiKey: "" } })).rejects.toMatchObject({ message: "OpenAI needs an API key." });
    expect((await caller.models.providers())[0]?.apiKeyLastFour).toBe("••••3333");
  });

  it("marks a saved key that can no longer be unsealed, and a key entered again makes the provider work", async () => {
    const { db } = database();
    const { caller } = await signedUpCaller(database(), "unsealed");
    const { id } = await caller.models.createProvider({ kind: "openai_compatible", label: "Test server", baseUrl: llm.url, apiKey: "sk-lost-key-4444" });
    // As after a change of the app secret with no AUTH_SECRET_PREVIOUS: the stored value opens under no key.
    const [row] = await db.select({ sealed: providers.apiKeySealed }).from(providers).where(eq(providers.id, id));
    const sealed = row?.sealed ?? "";
    await db.update(providers).set({ apiKeySealed: `${sealed.slice(0, -6)}AAAAAA` }).where(eq(providers.id, id));

    expect((await caller.models.providers())[0]).toMatchObject({ id, apiKeyLastFour: "••••4444", keyUnreadable: true });
    const refusal = await caller.models.refreshModels({ id }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    expect((refusal as Error).message).toContain("The saved key for Test server can no longer be read");

    await caller.models.updateProvider({ id, fields: { kind: "openai_compatible", label: "Test server", baseUrl: llm.url, apiKey: "sk-found-key-5555" } });
    expect((await caller.models.providers())[0]).toMatchObject({ apiKeyLastFour: "••••5555", keyUnreadable: false });
    await expect(caller.models.testConnection({ id })).resolves.toMatchObject({ ok: true });
  });
});
