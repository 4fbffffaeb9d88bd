import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { models, providers } from "@/server/db/schema";
import { MAX_PROVIDERS_PER_USER, openProvider } from "@/server/models/providers";
import { describeWithDatabases } from "@/server/testing/databases";
import { LLM_TEST_BAD_KEY } from "@/server/testing/llm-server/llm-server";
import { withTestLlm } from "@/server/testing/test-llm";
import { signedUpAdministrator, signedUpCaller } from "@/server/testing/trpc";

const llm = withTestLlm();

/**
 * Model-list servers the test configuration does not allow (it allows 127.0.0.1 only): one on [::1], and one on
 * 127.0.0.1 reached as 0.0.0.0, which Linux connects to this machine.
 */
let privateHits = 0;
function modelListServer(): Server {
  return createServer((_request, response) => {
    privateHits++;
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ data: [{ id: "secret-model" }] }));
  });
}
const ipv6Server = modelListServer();
const ipv4Server = modelListServer();

async function listen(server: Server, host: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

let ipv6Port = 0;
let ipv4Port = 0;
let closedIpv6Port = 0;

beforeAll(async () => {
  ipv6Port = await listen(ipv6Server, "::1");
  ipv4Port = await listen(ipv4Server, "127.0.0.1");
  const released = createServer();
  closedIpv6Port = await listen(released, "::1");
  await new Promise((resolve) => released.close(resolve));
});
afterAll(async () => {
  for (const server of [ipv6Server, ipv4Server]) await new Promise((resolve) => server.close(resolve));
});

describeWithDatabases("models router: providers", (database) => {
  it("seals API keys at rest and only ever shows their last four characters", async () => {
    const { caller, userId } = await signedUpCaller(database(), "keys");
    const { providerId } = await llm.connect(caller, "sk-live-secret-9876");
    const [summary] = await caller.models.providers();
    expect(summary).toMatchObject({ id: providerId, apiKeyLastFour: "••••9876", modelCount: 2 });
    expect(JSON.stringify(await caller.models.providers())).not.toContain("sk-live-secret");
    const [row] = await database().db.select().from(providers).where(eq(providers.userId, userId));
    expect(row?.apiKeySealed).toMatch(/^v2\./);
    expect(row?.apiKeySealed).not.toContain("secret-9876");
    // Saving without a key keeps the old one; the test server still accepts it.
    await caller.models.updateProvider({ id: providerId, fields: { kind: "openai_compatible", label: "Renamed", baseUrl: llm.url } });
    expect(await caller.models.testConnection({ id: providerId })).toEqual({ ok: true, message: "Connected to Renamed: 2 models available." });
  });

  it("tests the connection and says plainly what is wrong", async () => {
    const { caller } = await signedUpCaller(database(), "testconn");
    const { id } = await caller.models.createProvider({ kind: "openai_compatible", label: "Bad", baseUrl: llm.url, apiKey: LLM_TEST_BAD_KEY });
    expect(await caller.models.testConnection({ id })).toMatchObject({ ok: false, message: expect.stringContaining("refused the API key (401)") as string });
    await expect(caller.models.refreshModels({ id })).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    await expect(caller.models.createProvider({ kind: "openai", label: "No key", baseUrl: null })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "OpenAI needs an API key." });
    await expect(caller.models.createProvider({ kind: "openai_compatible", label: "No URL", baseUrl: null })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("deletes a provider with its models, and a scenario that used one of them falls back to no model", async () => {
    const { caller } = await signedUpCaller(database(), "deleter");
    const { providerId, modelRowId } = await llm.connect(caller);
    const { providerId: keptId } = await llm.connect(caller);
    await caller.models.saveSettings({ scenario: "title", modelRowId, temperature: 0.2, maxOutputTokens: 30, reasoning: false });
    await caller.models.deleteProvider({ id: providerId });
    expect((await caller.models.providers()).map((provider) => provider.id)).toEqual([keptId]);
    expect((await caller.models.list()).every((model) => model.providerId === keptId)).toBe(true);
    expect((await caller.models.settings()).find((setting) => setting.scenario === "title")).toMatchObject({ modelRowId: null, temperature: 0.2 });
    await expect(caller.models.deleteProvider({ id: providerId })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Provider not found." });
  });

  it(`keeps at most ${MAX_PROVIDERS_PER_USER} providers per person`, async () => {
    const { caller } = await signedUpCaller(database(), "collector");
    for (let index = 0; index < MAX_PROVIDERS_PER_USER; index++) await caller.models.createProvider({ kind: "openai_compatible", label: `Box ${index}`, baseUrl: llm.url });
    await expect(caller.models.createProvider({ kind: "openai_compatible", label: "One more", baseUrl: llm.url })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: `You can keep at most ${MAX_PROVIDERS_PER_USER} providers.`,
    });
    expect(await caller.models.providers()).toHaveLength(MAX_PROVIDERS_PER_USER);
  });
});

describeWithDatabases("models router: editing a saved provider", (database) => {
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

describeWithDatabases("models router: models and scenario settings", (database) => {
  it("seeds known models' defaults, keeps user overrides across refreshes, stars and hides", async () => {
    const { caller } = await signedUpCaller(database(), "registry");
    const { providerId, modelRowId } = await llm.connect(caller);
    const { id: manualId } = await caller.models.addManual({ providerId, modelId: "gpt-4o-mini" });
    let models = await caller.models.list();
    expect(models.find((row) => row.id === manualId)).toMatchObject({ origin: "manual", contextWindow: 128_000, inputPricePerMillion: 150_000, vision: true });
    expect(models.find((row) => row.id === modelRowId)).toMatchObject({ contextWindow: 8_192, inputPricePerMillion: null });
    await expect(caller.models.addManual({ providerId, modelId: "gpt-4o-mini" })).rejects.toMatchObject({ code: "CONFLICT" });

    await caller.models.update({ id: modelRowId, overrides: { label: "Mine", contextWindow: 16_000, maxOutputTokens: 800, vision: false, reasoning: true, tools: false, inputPrice: 0, outputPrice: 0, cachedInputPrice: null } });
    await caller.models.refreshModels({ id: providerId });
    await caller.models.setFlags({ ids: [manualId], starred: true });
    await caller.models.setFlags({ ids: [modelRowId], hidden: true });
    models = await caller.models.list();
    expect(models[0]?.id).toBe(manualId);
    expect(models.find((row) => row.id === modelRowId)).toMatchObject({ label: "Mine", contextWindow: 16_000, customized: true, hidden: true });
    await caller.models.reset({ id: modelRowId });
    expect((await caller.models.list()).find((row) => row.id === modelRowId)).toMatchObject({ contextWindow: 8_192, customized: false });
  });

  it("has per-scenario settings with defaults, and the chat scenario falls back to the first starred model", async () => {
    const { caller } = await signedUpCaller(database(), "scenarios");
    const settings = await caller.models.settings();
    expect(settings.map((setting) => setting.scenario)).toEqual(["chat", "translation", "auto_reply", "title"]);
    expect(settings.every((setting) => setting.modelRowId === null)).toBe(true);
    const { modelRowId } = await llm.connect(caller);
    await caller.models.saveSettings({ scenario: "title", modelRowId, temperature: 0.1, maxOutputTokens: 20, reasoning: false });
    expect((await caller.models.settings()).find((setting) => setting.scenario === "title")).toEqual({ scenario: "title", modelRowId, temperature: 0.1, maxOutputTokens: 20, reasoning: false });
  });

  it("deletes one model and keeps the provider's others", async () => {
    const { caller } = await signedUpCaller(database(), "pruner");
    const { modelRowId } = await llm.connect(caller);
    await caller.models.delete({ id: modelRowId });
    expect((await caller.models.list()).map((model) => model.modelId)).toEqual(["test-model-large"]);
    await expect(caller.models.delete({ id: modelRowId })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Model not found." });
    await expect(caller.models.update({ id: modelRowId, overrides: { label: "Gone", contextWindow: 1_000, maxOutputTokens: 100, vision: false, reasoning: false, tools: false, inputPrice: null, outputPrice: null, cachedInputPrice: null } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.models.reset({ id: modelRowId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describeWithDatabases("models: provider base URLs", (database) => {
  it("refuses a provider on a private address with the same words, whatever listens there", async () => {
    const { caller } = await signedUpCaller(database(), "private");
    const hitsBefore = privateHits;
    const baseUrls = [
      `http://[::1]:${ipv6Port}/v1`,
      `http://[::1]:${closedIpv6Port}/v1`,
      `http://0.0.0.0:${ipv4Port}/v1`,
      "http://192.168.1.1/v1",
      "http://169.254.169.254/latest",
    ];
    const messages: string[] = [];
    for (const baseUrl of baseUrls) {
      const { id } = await caller.models.createProvider({ kind: "openai_compatible", label: "Home box", baseUrl });
      const result = await caller.models.testConnection({ id });
      expect(result.ok, baseUrl).toBe(false);
      messages.push(result.message);
      await expect(caller.models.refreshModels({ id }), baseUrl).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE", message: result.message });
    }
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toMatch(/^Home box: The server refused this address\. /);
    expect(messages[0]).not.toMatch(/::1|127\.0\.0|169\.254|\d{4,5}/);
    expect(privateHits).toBe(hitsBefore);
    expect(await caller.models.list()).toEqual([]);
  });

  it("reaches a private address the operator allowed", async () => {
    const { caller } = await signedUpCaller(database(), "allowed");
    const { id } = await caller.models.createProvider({ kind: "openai_compatible", label: "Test server", baseUrl: llm.url });
    await expect(caller.models.testConnection({ id })).resolves.toEqual({ ok: true, message: "Connected to Test server: 2 models available." });
  });

  it("reaches a private address the administrator allowed on the admin page, and stops when it is taken off", async () => {
    const admin = await signedUpAdministrator(database(), "hostsadmin");
    const { caller } = await signedUpCaller(database(), "lanuser");
    const { id } = await caller.models.createProvider({ kind: "openai_compatible", label: "LAN box", baseUrl: `http://[::1]:${ipv6Port}/v1` });
    expect((await caller.models.testConnection({ id })).ok).toBe(false);
    const hitsBefore = privateHits;
    await admin.caller.admin.setPrivateHosts({ hosts: [`[::1]:${ipv6Port}`] });
    await expect(caller.models.testConnection({ id })).resolves.toEqual({ ok: true, message: "Connected to LAN box: 1 model available." });
    expect(privateHits).toBe(hitsBefore + 1);
    // The rule names this port only.
    const { id: otherPort } = await caller.models.createProvider({ kind: "openai_compatible", label: "Other port", baseUrl: `http://[::1]:${closedIpv6Port}/v1` });
    expect((await caller.models.testConnection({ id: otherPort })).message).toMatch(/refused this address/);
    await admin.caller.admin.setPrivateHosts({ hosts: [] });
    expect((await caller.models.testConnection({ id })).ok).toBe(false);
  });
});

describeWithDatabases("models router: one person's providers, models and settings are theirs alone", (database) => {
  it("refuses another person every provider and model of the owner's, and changes none of them", async () => {
    const alice = await signedUpCaller(database(), "alicemodels");
    const { providerId, modelRowId } = await llm.connect(alice.caller);
    const bob = await signedUpCaller(database(), "bobmodels");
    const notFound = { code: "NOT_FOUND" };
    const overrides = { label: "Taken", contextWindow: 1_000, maxOutputTokens: 100, vision: false, reasoning: false, tools: false, inputPrice: null, outputPrice: null, cachedInputPrice: null };
    const fields = { kind: "openai_compatible" as const, label: "Taken over", baseUrl: llm.url };
    const providersBefore = await alice.caller.models.providers();
    const modelsBefore = await alice.caller.models.list();

    await expect(bob.caller.models.refreshModels({ id: providerId })).rejects.toMatchObject(notFound);
    await expect(bob.caller.models.saveSettings({ scenario: "chat", modelRowId, temperature: 1, maxOutputTokens: 100, reasoning: false })).rejects.toMatchObject(notFound);
    await expect(bob.caller.models.updateProvider({ id: providerId, fields })).rejects.toMatchObject(notFound);
    await expect(bob.caller.models.deleteProvider({ id: providerId })).rejects.toMatchObject(notFound);
    await expect(bob.caller.models.testConnection({ id: providerId })).rejects.toMatchObject(notFound);
    await expect(bob.caller.models.addManual({ providerId, modelId: "bob-model" })).rejects.toMatchObject(notFound);
    await expect(bob.caller.models.update({ id: modelRowId, overrides })).rejects.toMatchObject(notFound);
    await expect(bob.caller.models.reset({ id: modelRowId })).rejects.toMatchObject(notFound);
    await expect(bob.caller.models.delete({ id: modelRowId })).rejects.toMatchObject(notFound);
    // Flags are set on the caller's own rows among the ids given: someone else's are silently left alone.
    await bob.caller.models.setFlags({ ids: [modelRowId], starred: true, hidden: true });

    expect(await bob.caller.models.providers()).toEqual([]);
    expect(await bob.caller.models.list()).toEqual([]);
    expect((await bob.caller.models.settings()).every((setting) => setting.modelRowId === null)).toBe(true);
    expect(await alice.caller.models.providers()).toEqual(providersBefore);
    expect(await alice.caller.models.list()).toEqual(modelsBefore);
    const [row] = await database().db.select({ starred: models.starred, hidden: models.hidden }).from(models).where(eq(models.id, modelRowId));
    expect(row).toEqual({ starred: false, hidden: false });
  });
});
