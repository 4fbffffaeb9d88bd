/**
 * The message length limit is the server's rule: the reply route and message edits refuse text one character
 * over it, whole, with the words the composer shows, and save nothing; text at the limit goes through.
 */
import { afterEach, expect, it } from "vitest";
import { POST as chatReply } from "@/app/api/chats/reply/route";
import { MAX_MESSAGE_CHARACTERS, MESSAGE_TOO_LONG } from "@/lib/chat/message-length";
import { SESSION_COOKIE_NAME } from "@/server/auth/session-cookie";
import { describeWithDatabases } from "@/server/testing/databases";
import { importTestCharacter } from "@/server/testing/chat";
import { serveRoute, setRouteDatabase, type TRouteServer } from "@/server/testing/route-server";
import { withTestLlm } from "@/server/testing/test-llm";
import { signedUpCaller } from "@/server/testing/trpc";

const llm = withTestLlm();

describeWithDatabases("message length", (database) => {
  let server: TRouteServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  async function chatOverHttp(name: string) {
    const user = await signedUpCaller(database(), name);
    await llm.connect(user.caller);
    const characterId = await importTestCharacter(database().db, user.userId);
    const { id: chatId } = await user.caller.chats.start({ characterId, personaId: null, greetingIndex: 0 });
    setRouteDatabase(database());
    server = await serveRoute(chatReply);
    const { origin } = server;
    const post = (body: unknown) =>
      fetch(`${origin}/api/chats/reply`, {
        method: "POST",
        headers: { origin, cookie: `${SESSION_COOKIE_NAME}=${user.sessionToken}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    return { ...user, chatId, post };
  }

  it("refuses a message one character over the limit, whole, and saves nothing", async () => {
    const { caller, chatId, post } = await chatOverHttp("toolong");
    const response = await post({ action: "send", chatId, content: "x".repeat(MAX_MESSAGE_CHARACTERS + 1) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe(MESSAGE_TOO_LONG);
    const { messages } = await caller.chats.byId({ id: chatId });
    expect(messages.filter((message) => message.role === "user")).toEqual([]);
    expect(llm.requests()).toHaveLength(0);
  });

  it("sends a message exactly at the limit, all of it", async () => {
    const { caller, chatId, post } = await chatOverHttp("atlimit");
    llm.script({ text: "A long letter indeed." }, { text: "Letter" });
    const content = "y".repeat(MAX_MESSAGE_CHARACTERS);
    const response = await post({ action: "send", chatId, content });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("A long letter indeed.");
    const { messages } = await caller.chats.byId({ id: chatId });
    expect(messages.find((message) => message.role === "user")?.content).toBe(content);
  });

  it("refuses an incognito history holding a message over the limit", async () => {
    const { userId, post } = await chatOverHttp("incognito");
    const characterId = await importTestCharacter(database().db, userId);
    const response = await post({ incognito: { characterId, personaId: null, history: [{ role: "user", content: "z".repeat(MAX_MESSAGE_CHARACTERS + 1) }], continueLast: false } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe(MESSAGE_TOO_LONG);
  });

  it("refuses an edit over the limit and keeps the message as it was", async () => {
    const { caller, chatId } = await chatOverHttp("edit");
    const [greeting] = (await caller.chats.byId({ id: chatId })).messages.filter((message) => message.selected);
    await expect(caller.chats.editMessage({ id: greeting!.id, content: "e".repeat(MAX_MESSAGE_CHARACTERS + 1) })).rejects.toThrow(MESSAGE_TOO_LONG);
    await caller.chats.editMessage({ id: greeting!.id, content: "e".repeat(MAX_MESSAGE_CHARACTERS) });
    const edited = (await caller.chats.byId({ id: chatId })).messages.find((message) => message.id === greeting!.id);
    expect(edited?.content).toHaveLength(MAX_MESSAGE_CHARACTERS);
  });
});
