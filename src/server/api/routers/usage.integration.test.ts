import { expect, it } from "vitest";
import { chatReply } from "@/server/chat/generate/chat-reply";
import { usageEvents } from "@/server/db/schema";
import { collectEvents, importTestCharacter } from "@/server/testing/chat";
import { describeWithDatabases } from "@/server/testing/databases";
import { withTestLlm } from "@/server/testing/test-llm";
import { createTestCaller, signedUpCaller } from "@/server/testing/trpc";

const llm = withTestLlm();

const HOUR = 3_600_000;
/** One generation as the reply pipeline records it; tests change what they look at. */
const generation = (userId: string, overrides: Partial<typeof usageEvents.$inferInsert> = {}): typeof usageEvents.$inferInsert => ({
  userId,
  providerKind: "openai",
  providerLabel: "OpenAI",
  modelId: "gpt-4o-mini",
  scenario: "chat",
  inputTokens: 100,
  outputTokens: 10,
  latencyMs: 500,
  costMicros: 1_000,
  costCode: "priced",
  ...overrides,
});

describeWithDatabases("usage router", (database) => {
  it("records usage with the model's prices in micro-units", async () => {
    const { caller, userId } = await signedUpCaller(database(), "usage");
    const { modelRowId } = await llm.connect(caller);
    const characterId = await importTestCharacter(database().db, userId);
    const { id: chatId } = await caller.chats.start({ characterId, personaId: null, greetingIndex: 1 });
    const model = (await caller.models.list()).find((row) => row.id === modelRowId)!;
    await caller.models.update({
      id: modelRowId,
      overrides: { label: model.label, contextWindow: 32_000, maxOutputTokens: 1_000, vision: false, reasoning: false, tools: false, inputPrice: 3, outputPrice: 15, cachedInputPrice: null },
    });
    llm.script({ text: "Priced.", usage: { promptTokens: 1_000, completionTokens: 200 } }, { text: "Title", usage: { promptTokens: 50, completionTokens: 2 } });
    const events = await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "How much?" }, new AbortController().signal));
    // 1,000 × $3/M + 200 × $15/M = $0.003 + $0.003 = 6,000 micro-dollars.
    expect(events.find((event) => event.type === "done")).toMatchObject({ costMicros: 6_000, costCode: "priced" });
    const reply = (await caller.chats.byId({ id: chatId })).messages.find((message) => message.sequence === 2);
    expect(reply).toMatchObject({ inputTokens: 1_000, outputTokens: 200, costMicros: 6_000, costCode: "priced", providerLabel: "Test server", modelId: "test-model" });

    const summary = await caller.usage.summary({ days: 1, timeZone: "Europe/Paris" });
    expect(summary.overall).toMatchObject({ generations: 2, inputTokens: 1_050, outputTokens: 202, costMicros: 6_180, unpriced: 0 });
    expect(summary.byModel).toEqual([expect.objectContaining({ providerLabel: "Test server", modelId: "test-model", generations: 2, costMicros: 6_180 })]);
    expect(summary.byDay).toHaveLength(1);
    expect(summary.recent.map((event) => event.scenario).sort()).toEqual(["chat", "title"]);
  });

  it("sums the chosen days by provider, model and day in the person's time zone, and counts what could not be priced", async () => {
    const { caller, userId } = await signedUpCaller(database(), "totals");
    // 13:30 and 23:30 UTC on the same day are two days in Tokyo (UTC+9, no daylight saving).
    const lastMidnightUtc = new Date(new Date().toISOString().slice(0, 10)).getTime();
    await database()
      .db.insert(usageEvents)
      .values([
        generation(userId, { createdAt: new Date(lastMidnightUtc - 10.5 * HOUR) }),
        generation(userId, { createdAt: new Date(lastMidnightUtc - 0.5 * HOUR), scenario: "title", modelId: "gpt-4o", costMicros: 5_000, reasoningTokens: 7 }),
        generation(userId, { createdAt: new Date(lastMidnightUtc - 0.5 * HOUR), providerKind: "openai_compatible", providerLabel: "Home box", modelId: "llama", costMicros: 0, costCode: "no_pricing" }),
        generation(userId, { createdAt: new Date(Date.now() - 40 * 24 * HOUR), costMicros: 9_000 }),
      ]);

    const utc = await caller.usage.summary({});
    expect(utc.overall).toEqual({ generations: 3, inputTokens: 300, outputTokens: 30, reasoningTokens: 7, costMicros: 6_000, unpriced: 1 });
    expect(utc.byProvider.map(({ providerLabel, generations, costMicros }) => ({ providerLabel, generations, costMicros }))).toEqual([
      { providerLabel: "OpenAI", generations: 2, costMicros: 6_000 },
      { providerLabel: "Home box", generations: 1, costMicros: 0 },
    ]);
    expect(utc.byModel.map((row) => row.modelId)).toEqual(["gpt-4o", "gpt-4o-mini", "llama"]);
    expect(utc.byDay.map(({ day, generations }) => ({ day, generations }))).toEqual([{ day: new Date(lastMidnightUtc - HOUR).toISOString().slice(0, 10), generations: 3 }]);
    expect(utc.recent).toHaveLength(3);

    const tokyo = await caller.usage.summary({ days: 30, timeZone: "Asia/Tokyo" });
    expect(tokyo.byDay.map((row) => row.generations)).toEqual([1, 2]);
    const longer = await caller.usage.summary({ days: 60 });
    expect(longer.overall).toMatchObject({ generations: 4, costMicros: 15_000 });
  });

  it("refuses a time zone it does not know and a period outside one day to a year, and anyone signed out", async () => {
    const { caller } = await signedUpCaller(database(), "badinput");
    await expect(caller.usage.summary({ timeZone: "Mars/Olympus_Mons" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Unknown time zone.") as string });
    await expect(caller.usage.summary({ timeZone: "UTC'; drop table usage_events; --" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.usage.summary({ days: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.usage.summary({ days: 367 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.usage.summary({ days: 1.5 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const anonymous = await createTestCaller(database(), { clientIp: "192.0.2.77" });
    await expect(anonymous.usage.summary({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("counts only the caller's own generations", async () => {
    const alice = await signedUpCaller(database(), "aliceusage");
    const bob = await signedUpCaller(database(), "bobusage");
    await database().db.insert(usageEvents).values([generation(alice.userId), generation(alice.userId, { scenario: "title" })]);
    expect((await alice.caller.usage.summary({})).overall).toMatchObject({ generations: 2 });
    expect(await bob.caller.usage.summary({})).toMatchObject({ overall: { generations: 0 } });
    expect(await bob.caller.usage.summary({})).toMatchObject({ byProvider: [], byModel: [], byDay: [], recent: [] });
  });
});
