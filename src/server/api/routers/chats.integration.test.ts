import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { chatReply } from "@/server/chat/generate/chat-reply";
import { bumpChatRevision } from "@/server/chat/turn-cache";
import { incognitoReply } from "@/server/chat/generate/incognito-reply";
import { chats, messages, usageEvents } from "@/server/db/schema";
import { describeWithDatabases } from "@/server/testing/databases";
import { collectEvents, importTestCharacter, LORE_CONTENT, LORE_KEYWORD, streamedText } from "@/server/testing/chat";
import { LLM_TEST_BAD_KEY, type TLlmTestServer } from "@/server/testing/llm-server/llm-server";
import { textOf } from "@/server/testing/llm-server/scripts";
import { withTestLlm } from "@/server/testing/test-llm";
import { signedUpCaller } from "@/server/testing/trpc";

const llm = withTestLlm();

/** The address of a port nothing listens on: bound, then released. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/v1`;
}

const never = () => new AbortController().signal;
const systemPromptOf = (request: ReturnType<TLlmTestServer["requests"]>[number] | undefined) => textOf(request?.messages[0]?.content);

describeWithDatabases("chats", (database) => {
  async function chattingUser(name: string) {
    const user = await signedUpCaller(database(), name);
    const provider = await llm.connect(user.caller);
    const characterId = await importTestCharacter(database().db, user.userId);
    const { id: chatId } = await user.caller.chats.start({ characterId, personaId: null, greetingIndex: 1 });
    return { ...user, ...provider, characterId, chatId };
  }

  it("starts from the chosen greeting, with the others as swipes of the opening turn", async () => {
    const { caller, chatId } = await chattingUser("greeting");
    const { messages: opening } = await caller.chats.byId({ id: chatId });
    expect(opening.map(({ sequence, swipe, selected, content }) => ({ sequence, swipe, selected, content }))).toEqual([
      { sequence: 0, swipe: 0, selected: false, content: "Ahoy, {{user}}!" },
      { sequence: 0, swipe: 1, selected: true, content: "Fair winds, {{user}}." },
    ]);
  });

  it("streams a reply, saves both messages, and sends the model the whole prompt", async () => {
    const { caller, userId, chatId } = await chattingUser("stream");
    llm.script({ text: "The tide is turning.", chunks: ["The tide ", "is ", "turning."], reasoning: "Checking the almanac." });
    const events = await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "What news?" }, never()));
    expect(events.map((event) => event.type)).toEqual(["user-message", "start", "reasoning", "text", "text", "text", "done", "title"]);
    expect(streamedText(events)).toBe("The tide is turning.");
    expect(events.find((event) => event.type === "done")).toMatchObject({ content: "The tide is turning.", reasoning: "Checking the almanac." });

    const [request] = llm.requests();
    expect(request?.stream).toBe(true);
    expect(request?.model).toBe("test-model");
    expect(request?.authorization).toBe("Bearer sk-test-1234");
    expect(systemPromptOf(request)).toContain("Iris is a sailor who knows every harbour.");
    expect(request?.messages.slice(1).map((message) => [message.role, textOf(message.content)])).toEqual([
      ["assistant", "Fair winds, User."],
      ["user", "What news?"],
    ]);

    const { messages: saved } = await caller.chats.byId({ id: chatId });
    expect(saved.filter((message) => message.selected).map(({ role, content, status }) => ({ role, content, status }))).toEqual([
      { role: "assistant", content: "Fair winds, {{user}}.", status: "complete" },
      { role: "user", content: "What news?", status: "complete" },
      { role: "assistant", content: "The tide is turning.", status: "complete" },
    ]);
    expect(saved.at(-1)?.reasoning).toBe("Checking the almanac.");
  });

  it("gives the chat an automatic title from the title scenario, but never over a user's title", async () => {
    const { caller, userId, chatId } = await chattingUser("titles");
    llm.script({ text: "Hello there." }, { text: '"Harbour News."' });
    const events = await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "Hi" }, never()));
    expect(events.at(-1)).toEqual({ type: "title", title: "Harbour News" });
    expect((await caller.chats.byId({ id: chatId })).chat).toMatchObject({ title: "Harbour News", titleIsAuto: true });
    await caller.chats.update({ id: chatId, title: "Mine" });
    expect((await caller.chats.byId({ id: chatId })).chat).toMatchObject({ title: "Mine", titleIsAuto: false });
  });

  it("asks for the title with the names filled in, and never titles a chat with a raw {{char}} or {{user}}", async () => {
    const { caller, userId, chatId } = await chattingUser("title-names");
    const { id: personaId } = await caller.personas.create({ name: "Marlow", description: "", isDefault: false });
    await caller.chats.update({ id: chatId, personaId });
    llm.script({ text: "Welcome aboard, {{user}}." }, { text: "{{char}} meets {{user}}" });
    const events = await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "Hello {{char}}!" }, never()));
    expect(events.at(-1)).toEqual({ type: "title", title: "Iris meets Marlow" });
    const titleRequest = JSON.stringify(llm.requests()[1]?.messages);
    expect(titleRequest).toContain("Iris: Fair winds, Marlow.");
    expect(titleRequest).toContain("Marlow: Hello Iris!");
    expect(titleRequest).not.toContain("{{");
  });

  it("keeps what was written when the reply is stopped, and aborts the upstream request", async () => {
    const { caller, userId, chatId } = await chattingUser("stop");
    llm.script({ text: "", chunks: ["One. ", "Two. ", "Three. ", "Four. ", "Five. "], chunkDelayMs: 150 }, { text: "Title" });
    const stop = new AbortController();
    const events = [];
    for await (const event of chatReply(database().db, userId, { action: "send", chatId, content: "Count slowly" }, stop.signal)) {
      events.push(event);
      if (event.type === "text") stop.abort();
    }
    const done = events.at(-1);
    expect(done).toMatchObject({ type: "done", status: "stopped" });
    const reply = (await caller.chats.byId({ id: chatId })).messages.find((message) => message.sequence === 2);
    expect(reply).toMatchObject({ status: "stopped", content: streamedText(events) });
    expect(reply?.content.length).toBeLessThan("One. Two. Three. Four. Five. ".length);
    await expect.poll(() => llm.requests()[0]?.aborted).toBe(true);
  });

  it("regenerates a reply into a new swipe from the same history, and can go back", async () => {
    const { caller, userId, chatId } = await chattingUser("swipe");
    llm.script({ text: "First answer." }, { text: "Title" }, { text: "Second answer." });
    await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "Tell me" }, never()));
    await collectEvents(chatReply(database().db, userId, { action: "regenerate", chatId }, never()));
    const regenerated = llm.requests().at(-1);
    expect(regenerated?.messages.at(-1)).toMatchObject({ role: "user", content: "Tell me" });

    let turn = (await caller.chats.byId({ id: chatId })).messages.filter((message) => message.sequence === 2);
    expect(turn.map(({ swipe, selected, content }) => ({ swipe, selected, content }))).toEqual([
      { swipe: 0, selected: false, content: "First answer." },
      { swipe: 1, selected: true, content: "Second answer." },
    ]);
    await caller.chats.selectSwipe({ id: turn[0]!.id });
    turn = (await caller.chats.byId({ id: chatId })).messages.filter((message) => message.sequence === 2);
    expect(turn.find((message) => message.selected)?.content).toBe("First answer.");
  });

  it("continues the last reply by appending to it", async () => {
    const { caller, userId, chatId } = await chattingUser("continue");
    llm.script({ text: "The ship" }, { text: "Title" }, { text: " sailed at dawn." });
    await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "And then?" }, never()));
    await collectEvents(chatReply(database().db, userId, { action: "continue", chatId }, never()));
    const request = llm.requests().at(-1);
    expect(request?.messages.at(-2)).toMatchObject({ role: "assistant", content: "The ship" });
    expect(textOf(request?.messages.at(-1)?.content)).toContain("Continue your last reply");
    const reply = (await caller.chats.byId({ id: chatId })).messages.find((message) => message.sequence === 2);
    expect(reply?.content).toBe("The ship sailed at dawn.");
  });

  it("sends edited text on the next turn and deletes messages", async () => {
    const { caller, userId, chatId } = await chattingUser("edit");
    llm.script({ text: "Noted." }, { text: "Title" }, { text: "Again." });
    await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "My name is Tom" }, never()));
    const userMessage = (await caller.chats.byId({ id: chatId })).messages.find((message) => message.role === "user");
    await caller.chats.editMessage({ id: userMessage!.id, content: "My name is Thomas" });
    await collectEvents(chatReply(database().db, userId, { action: "regenerate", chatId }, never()));
    expect(llm.requests().at(-1)?.messages.at(-1)).toMatchObject({ role: "user", content: "My name is Thomas" });
    await expect(caller.chats.editMessage({ id: userMessage!.id, content: "  " })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    await caller.chats.deleteMessage({ id: userMessage!.id });
    expect((await caller.chats.byId({ id: chatId })).messages.some((message) => message.id === userMessage!.id)).toBe(false);
  });

  it("re-reads the turns when another process changed the chat, and keeps using them otherwise", async () => {
    const { userId, chatId } = await chattingUser("turncache");
    llm.script({ text: "First." }, { text: "Title" }, { text: "Second." }, { text: "Third." });
    await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "Original question" }, never()));
    // Another app server edits the question: it changes the row and bumps the revision in one transaction.
    await database().db.transaction(async (tx) => {
      await tx.update(messages).set({ content: "Question edited elsewhere" }).where(and(eq(messages.chatId, chatId), eq(messages.role, "user")));
      await bumpChatRevision(tx, chatId);
    });
    await collectEvents(chatReply(database().db, userId, { action: "regenerate", chatId }, never()));
    expect(llm.requests().at(-1)?.messages.at(-1)).toMatchObject({ role: "user", content: "Question edited elsewhere" });
    // The regenerated reply itself is known to the cache: continuing sends it without a re-read.
    await collectEvents(chatReply(database().db, userId, { action: "continue", chatId }, never()));
    expect(llm.requests().at(-1)?.messages.at(-2)).toMatchObject({ role: "assistant", content: "Second." });
  });

  it("forks a new chat holding the turns up to the chosen message", async () => {
    const { caller, userId, chatId } = await chattingUser("fork");
    llm.script({ text: "One." }, { text: "Title" }, { text: "Two." });
    await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "first" }, never()));
    await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "second" }, never()));
    const original = (await caller.chats.byId({ id: chatId })).messages.filter((message) => message.selected);
    expect(original).toHaveLength(5);
    const forkPoint = original[2]!;
    const { id: forkId } = await caller.chats.fork({ messageId: forkPoint.id });
    const fork = await caller.chats.byId({ id: forkId });
    expect(fork.chat.forkedFromChatId).toBe(chatId);
    expect(fork.messages.filter((message) => message.selected).map((message) => message.content)).toEqual(["Fair winds, {{user}}.", "first", "One."]);
    expect((await caller.chats.byId({ id: chatId })).messages.filter((message) => message.selected)).toHaveLength(5);
  });

  it("moves the chat's revision with every change to its messages, and only then", async () => {
    const { caller, userId, chatId } = await chattingUser("revision");
    const revision = async () => (await caller.chats.revision({ id: chatId })).revision;
    const start = await revision();
    llm.script({ text: "Aye." }, { text: "Title" }, { text: "Oui." });
    await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "Ready?" }, never()));
    // The user's message and the reply are two changes.
    expect(await revision()).toBe(start + 2);
    await caller.chats.remember({ chatId, content: "Not a message." });
    await caller.chats.update({ id: chatId, title: "Renamed" });
    expect(await revision()).toBe(start + 2);
    const reply = (await caller.chats.byId({ id: chatId })).messages.at(-1)!;
    await caller.chats.translate({ id: reply.id, language: "fr" });
    await caller.chats.showTranslation({ id: reply.id, show: false });
    await caller.chats.editMessage({ id: reply.id, content: "Aye, aye." });
    expect(await revision()).toBe(start + 5);
    expect((await caller.chats.byId({ id: chatId })).chat.revision).toBe(start + 5);
  });

  it("forks a chat with its memories, which are the fork's own from then on", async () => {
    const { caller, chatId } = await chattingUser("fork-memories");
    await caller.chats.remember({ chatId, content: "The lighthouse keeper owes Iris a favour." });
    const [greeting] = (await caller.chats.byId({ id: chatId })).messages.filter((message) => message.selected);
    const { id: forkId } = await caller.chats.fork({ messageId: greeting!.id });
    const forked = await caller.chats.memories({ chatId: forkId });
    expect(forked.map((memory) => memory.content)).toEqual(["The lighthouse keeper owes Iris a favour."]);
    await caller.chats.forget({ id: forked[0]!.id });
    expect(await caller.chats.memories({ chatId: forkId })).toEqual([]);
    expect((await caller.chats.memories({ chatId })).map((memory) => memory.content)).toEqual(["The lighthouse keeper owes Iris a favour."]);
  });

  it("keeps an archived chat read-only until it is restored, on the server", async () => {
    const { caller, userId, chatId } = await chattingUser("archived");
    llm.script({ text: "Aye." }, { text: "Title" });
    await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "Ready?" }, never()));
    await caller.chats.remember({ chatId, content: "Iris fears fog." });
    const { id: personaId } = await caller.personas.create({ name: "Marlow", description: "", isDefault: false });
    const rows = (await caller.chats.byId({ id: chatId })).messages;
    const reply = rows.at(-1)!;
    const [memory] = await caller.chats.memories({ chatId });
    await caller.chats.update({ id: chatId, archived: true });
    const requestsBefore = llm.requests().length;

    for (const action of ["send", "regenerate", "continue"] as const) {
      const request = action === "send" ? { action, chatId, content: "Still there?" } : { action, chatId };
      await expect(collectEvents(chatReply(database().db, userId, request, never()))).rejects.toMatchObject({ code: "CONFLICT", message: "This chat is archived. Restore it to change it." });
    }
    const refused = { code: "CONFLICT" };
    await expect(caller.chats.editMessage({ id: reply.id, content: "Changed" })).rejects.toMatchObject(refused);
    await expect(caller.chats.deleteMessage({ id: reply.id })).rejects.toMatchObject(refused);
    await expect(caller.chats.selectSwipe({ id: reply.id })).rejects.toMatchObject(refused);
    await expect(caller.chats.translate({ id: reply.id, language: "fr" })).rejects.toMatchObject(refused);
    await expect(caller.chats.showTranslation({ id: reply.id, show: false })).rejects.toMatchObject(refused);
    await expect(caller.chats.remember({ chatId, content: "Something new" })).rejects.toMatchObject(refused);
    await expect(caller.chats.forget({ id: memory!.id })).rejects.toMatchObject(refused);
    await expect(caller.chats.update({ id: chatId, title: "Renamed" })).rejects.toMatchObject(refused);
    await expect(caller.chats.update({ id: chatId, personaId })).rejects.toMatchObject(refused);
    expect(llm.requests()).toHaveLength(requestsBefore);
    expect((await caller.chats.byId({ id: chatId })).messages).toEqual(rows);
    // Reading and forking leave it as it is, so they stay allowed.
    await caller.chats.fork({ messageId: reply.id });

    await caller.chats.update({ id: chatId, archived: false, title: "Back again" });
    await caller.chats.editMessage({ id: reply.id, content: "Aye, changed." });
    expect((await caller.chats.byId({ id: chatId })).chat).toMatchObject({ archived: false, title: "Back again" });
  });

  it("changes the persona of an existing chat, and the next reply speaks to the new one", async () => {
    const { caller, userId, chatId } = await chattingUser("persona-change");
    const { id: personaId } = await caller.personas.create({ name: "Marlow", description: "A retired navigator.", isDefault: false });
    await caller.chats.update({ id: chatId, personaId });
    expect((await caller.chats.byId({ id: chatId })).persona).toEqual({ id: personaId, name: "Marlow" });
    llm.script({ text: "Aye." }, { text: "Title" });
    await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "Hello" }, never()));
    expect(systemPromptOf(llm.requests()[0])).toContain("A retired navigator.");
    expect(llm.requests()[0]?.messages[1]).toMatchObject({ role: "assistant", content: "Fair winds, Marlow." });
    await caller.chats.update({ id: chatId, personaId: null });
    expect((await caller.chats.byId({ id: chatId })).persona).toBeNull();
  });

  it("translates a message with the translation scenario and toggles back to the original", async () => {
    const { caller, userId, chatId, modelRowId } = await chattingUser("translate");
    await caller.models.saveSettings({ scenario: "translation", modelRowId, temperature: 0, maxOutputTokens: 500, reasoning: false });
    llm.script({ text: "Good morning." }, { text: "Title" }, { text: "Bonjour." });
    await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "Hello" }, never()));
    const reply = (await caller.chats.byId({ id: chatId })).messages.find((message) => message.sequence === 2)!;
    expect(await caller.chats.translate({ id: reply.id, language: "fr" })).toEqual({ translatedContent: "Bonjour.", translatedLanguage: "fr" });
    const request = llm.requests().at(-1);
    expect(textOf(request?.messages[0]?.content)).toContain("into French");
    expect(request?.messages[1]).toMatchObject({ role: "user", content: "Good morning." });
    expect(request?.stream).toBe(false);

    let shown = (await caller.chats.byId({ id: chatId })).messages.find((message) => message.id === reply.id);
    expect(shown).toMatchObject({ content: "Good morning.", translatedContent: "Bonjour.", translatedLanguage: "fr", showTranslation: true });
    await caller.chats.showTranslation({ id: reply.id, show: false });
    shown = (await caller.chats.byId({ id: chatId })).messages.find((message) => message.id === reply.id);
    expect(shown?.showTranslation).toBe(false);
    await expect(caller.chats.translate({ id: reply.id, language: "not a language!" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("injects a lorebook entry only when its keyword appears in the recent chat", async () => {
    const { userId, chatId } = await chattingUser("lore");
    llm.script({ text: "Nothing to say." }, { text: "Title" }, { text: "Ah, Mara." });
    await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "Nice weather" }, never()));
    expect(systemPromptOf(llm.requests()[0])).not.toContain(LORE_CONTENT);
    await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: `Who keeps the ${LORE_KEYWORD}?` }, never()));
    expect(systemPromptOf(llm.requests().at(-1))).toContain(LORE_CONTENT);
  });

  it("keeps at most 50 memories, evicting the least recently used at the 51st, and puts them in the prompt", async () => {
    const { caller, userId, chatId } = await chattingUser("memory");
    for (let index = 1; index <= 50; index++) await caller.chats.remember({ chatId, content: `Fact number ${index}` });
    // Remembering fact 1 again refreshes it rather than adding a duplicate, so fact 2 is now the stalest.
    await caller.chats.remember({ chatId, content: "fact NUMBER 1" });
    expect(await caller.chats.memories({ chatId })).toHaveLength(50);
    const { evicted } = await caller.chats.remember({ chatId, content: "Fact number 51" });
    expect(evicted).toEqual(["Fact number 2"]);
    const kept = (await caller.chats.memories({ chatId })).map((memory) => memory.content);
    expect(kept).toHaveLength(50);
    expect(kept).toContain("Fact number 1");
    expect(kept).not.toContain("Fact number 2");

    llm.script({ text: "I remember." }, { text: "Title" });
    await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "Remember?" }, never()));
    expect(systemPromptOf(llm.requests()[0])).toContain("- Fact number 51");
  });

  it("shows provider errors plainly and keeps the user's message", async () => {
    const { caller, userId, chatId, providerId } = await chattingUser("errors");
    llm.script({ error: { status: 429, message: "Rate limit reached for requests", type: "rate_limit_error" } });
    let events = await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "Are you there?" }, never()));
    expect(events.at(-1)).toMatchObject({ type: "error", kind: "rate_limited", message: null });
    expect((await caller.chats.byId({ id: chatId })).messages.map((message) => message.content)).toContain("Are you there?");

    llm.script({ error: { status: 400, message: "This model's maximum context length is 8192 tokens.", type: "invalid_request_error", code: "context_length_exceeded" } });
    events = await collectEvents(chatReply(database().db, userId, { action: "regenerate", chatId }, never()));
    expect(events.at(-1)).toMatchObject({ type: "error", kind: "context_too_long" });

    await caller.models.updateProvider({ id: providerId, fields: { kind: "openai_compatible", label: "Test server", baseUrl: llm.url, apiKey: LLM_TEST_BAD_KEY } });
    events = await collectEvents(chatReply(database().db, userId, { action: "regenerate", chatId }, never()));
    expect(events.at(-1)).toMatchObject({ type: "error", kind: "bad_key", error: expect.stringContaining("refused the API key") as string });

    await caller.models.updateProvider({ id: providerId, fields: { kind: "openai_compatible", label: "Test server", baseUrl: await closedPortUrl() } });
    events = await collectEvents(chatReply(database().db, userId, { action: "regenerate", chatId }, never()));
    expect(events.at(-1)).toMatchObject({ type: "error", kind: "unreachable" });

    // 0.0.0.0 would reach the test server on this machine: the guarded fetch refuses it before any request.
    const requestsSoFar = llm.requests().length;
    await caller.models.updateProvider({ id: providerId, fields: { kind: "openai_compatible", label: "Test server", baseUrl: llm.url.replace("127.0.0.1", "0.0.0.0") } });
    events = await collectEvents(chatReply(database().db, userId, { action: "regenerate", chatId }, never()));
    expect(events.at(-1)).toMatchObject({ type: "error", kind: "refused_address", error: expect.stringContaining("The server refused this address.") as string });
    expect(llm.requests()).toHaveLength(requestsSoFar);
    // Nothing was generated, so nothing was billed; the user's message is still the last turn.
    expect((await caller.chats.byId({ id: chatId })).messages.filter((message) => message.selected).at(-1)?.content).toBe("Are you there?");
  });

  it("stops the provider call and reports the error when the user's message cannot be saved", async () => {
    const { caller, userId, chatId } = await chattingUser("unsaved");
    // An unselected row at the next turn's place makes saving the message fail on the unique index.
    const [blocker] = await database()
      .db.insert(messages)
      .values({ userId, chatId, sequence: 1, swipe: 0, selected: false, role: "assistant", content: "An unselected swipe", tokens: 4 })
      .returning();
    llm.script({ text: "Never shown.", delayMs: 2_000 });
    await expect(collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "Hello?" }, never()))).rejects.toThrow();
    // The provider was asked while the message was being saved; that call was dropped unread and nothing billed.
    expect((await caller.chats.byId({ id: chatId })).messages.map((message) => message.content)).toEqual(["Ahoy, {{user}}!", "Fair winds, {{user}}.", "An unselected swipe"]);
    expect(await database().db.select().from(usageEvents).where(eq(usageEvents.userId, userId))).toEqual([]);

    // Nothing stays locked: once the obstacle is gone, the same message is saved and answered (by the server's echo).
    await database().db.delete(messages).where(eq(messages.id, blocker!.id));
    llm.reset();
    const events = await collectEvents(chatReply(database().db, userId, { action: "send", chatId, content: "Hello?" }, never()));
    expect(events[0]).toMatchObject({ type: "user-message", message: { content: "Hello?" } });
    expect(streamedText(events)).toBe("Echo: Hello?");
  });

  it("writes nothing of an incognito chat to the database", async () => {
    const { userId, characterId } = await chattingUser("incognito");
    const before = await database().db.select().from(messages).where(eq(messages.userId, userId));
    const chatsBefore = await database().db.select().from(chats).where(eq(chats.userId, userId));
    llm.script({ text: "A secret reply." });
    const events = await collectEvents(
      incognitoReply(database().db, userId, { characterId, personaId: null, history: [{ role: "assistant", content: "Ahoy!" }, { role: "user", content: `a ${LORE_KEYWORD} secret` }], continueLast: false }, never()),
    );
    expect(events.at(-1)).toMatchObject({ type: "done", status: "complete", message: null, content: "A secret reply." });
    expect(systemPromptOf(llm.requests()[0])).toContain(LORE_CONTENT);
    expect(await database().db.select().from(messages).where(eq(messages.userId, userId))).toHaveLength(before.length);
    expect(await database().db.select().from(chats).where(eq(chats.userId, userId))).toHaveLength(chatsBefore.length);
    const usage = await database().db.select().from(usageEvents).where(eq(usageEvents.userId, userId));
    expect(usage.map((event) => event.chatId)).toEqual([null]);
  });

  it("lists, searches, archives and deletes chats", async () => {
    const { caller, characterId, chatId } = await chattingUser("list");
    const { id: second } = await caller.chats.start({ characterId, personaId: null, greetingIndex: 0 });
    await caller.chats.update({ id: second, title: "Pirate plans" });
    expect((await caller.chats.list({ search: "pirate" })).map((chat) => chat.id)).toEqual([second]);
    expect((await caller.chats.list({ search: "iris" })).map((chat) => chat.id).sort()).toEqual([chatId, second].sort());
    await caller.chats.update({ id: second, archived: true });
    expect((await caller.chats.list({})).map((chat) => chat.id)).toEqual([chatId]);
    expect((await caller.chats.list({ archived: true })).map((chat) => chat.id)).toEqual([second]);
    await caller.chats.delete({ id: second });
    expect(await caller.chats.list({ archived: true })).toEqual([]);
  });

  it("keeps one user's chats and messages from another", async () => {
    const alice = await chattingUser("alicechat");
    const bob = await signedUpCaller(database(), "bobchat");
    llm.script({ text: "Hi Alice." }, { text: "Title" });
    await collectEvents(chatReply(database().db, alice.userId, { action: "send", chatId: alice.chatId, content: "Hi" }, never()));
    const aliceMessage = (await alice.caller.chats.byId({ id: alice.chatId })).messages.at(-1)!;

    await expect(bob.caller.chats.byId({ id: alice.chatId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await bob.caller.chats.list({})).toEqual([]);
    await expect(bob.caller.chats.editMessage({ id: aliceMessage.id, content: "hacked" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bob.caller.chats.fork({ messageId: aliceMessage.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bob.caller.chats.remember({ chatId: alice.chatId, content: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bob.caller.chats.start({ characterId: alice.characterId, personaId: null, greetingIndex: 0 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(collectEvents(chatReply(database().db, bob.userId, { action: "send", chatId: alice.chatId, content: "hi" }, never()))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
