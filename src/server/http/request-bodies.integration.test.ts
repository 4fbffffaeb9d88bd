/**
 * Every route that reads a request body, over real HTTP: an endless chunked body (no Content-Length) is
 * refused with 413 once a little more than the route's cap has been read, and nothing more is read after.
 * A route that reads a body must appear here; its cap comes from body-limits.ts.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { POST as accountAvatar } from "@/app/api/account/avatar/route";
import { POST as authJsPost } from "@/app/api/auth/[...nextauth]/route";
import { POST as characterAsset } from "@/app/api/characters/[id]/assets/route";
import { POST as characterImport } from "@/app/api/characters/import/route";
import { POST as chatReply } from "@/app/api/chats/reply/route";
import { POST as personaAvatar } from "@/app/api/personas/[id]/avatar/route";
import { POST as roomReply } from "@/app/api/rooms/reply/route";
import { POST as trpc } from "@/app/api/trpc/[trpc]/route";
import { SESSION_COOKIE_NAME } from "@/server/auth/session-cookie";
import { BODY_LIMITS, type TBodyLimit } from "@/server/http/body-limits";
import { describeWithDatabases } from "@/server/testing/databases";
import { postEndlessBody, serveRoute, setRouteDatabase, type TRouteHandler, type TRouteServer } from "@/server/testing/route-server";
import { signedUpCaller } from "@/server/testing/trpc";

/** What the server may read past the cap: the socket reads in flight when it crossed it. */
const SLACK_BYTES = 128 * 1024;

const withParams =
  (handler: (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>, id: string): TRouteHandler =>
  (request) =>
    handler(request, { params: Promise.resolve({ id }) });

type TCase = {
  route: string;
  handler: TRouteHandler;
  path: string;
  limit: TBodyLimit;
  signedIn: boolean;
  contentType: string;
  prefix?: string;
};

const cases: TCase[] = [
  { route: "Auth.js forms (provider sign-in)", handler: (request) => authJsPost(new NextRequest(request)), path: "/api/auth/signin/oidc", limit: BODY_LIMITS.authForm, signedIn: false, contentType: "application/x-www-form-urlencoded", prefix: "csrfToken=" },
  { route: "tRPC, signed in (rooms.saveTranscript)", handler: trpc, path: "/api/trpc/rooms.saveTranscript", limit: BODY_LIMITS.trpc, signedIn: true, contentType: "application/json", prefix: '{"json":{"roomId":"' },
  { route: "tRPC, a public procedure (auth.signIn)", handler: trpc, path: "/api/trpc/auth.signIn", limit: BODY_LIMITS.trpcPublic, signedIn: false, contentType: "application/json", prefix: '{"json":{"username":"' },
  { route: "chat replies", handler: chatReply, path: "/api/chats/reply", limit: BODY_LIMITS.chatReply, signedIn: true, contentType: "application/json", prefix: '{"action":"send","content":"' },
  { route: "room replies", handler: roomReply, path: "/api/rooms/reply", limit: BODY_LIMITS.roomReply, signedIn: true, contentType: "application/json", prefix: '{"history":[{"text":"' },
  {
    route: "character import",
    handler: characterImport,
    path: "/api/characters/import",
    limit: BODY_LIMITS.characterImport,
    signedIn: true,
    contentType: "multipart/form-data; boundary=coterie",
    prefix: '--coterie\r\nContent-Disposition: form-data; name="files"; filename="huge.charx"\r\nContent-Type: application/zip\r\n\r\n',
  },
  { route: "character assets", handler: withParams(characterAsset, "chr_anyCharacterAtAll"), path: "/api/characters/chr_anyCharacterAtAll/assets?type=icon&name=big&ext=png", limit: BODY_LIMITS.characterAsset, signedIn: true, contentType: "image/png" },
  { route: "account avatar", handler: accountAvatar, path: "/api/account/avatar", limit: BODY_LIMITS.avatar, signedIn: true, contentType: "image/png" },
  { route: "persona avatar", handler: withParams(personaAvatar, "per_anyPersonaAtAll"), path: "/api/personas/per_anyPersonaAtAll/avatar", limit: BODY_LIMITS.avatar, signedIn: true, contentType: "image/png" },
];

/** The message of a plain route's error or of a tRPC error (superjson-wrapped). */
function errorOf(body: string): { message: string; code: string } {
  const json = JSON.parse(body) as { error: string | { json: { message: string; data: { code: string } } }; code?: string };
  if (typeof json.error === "string") return { message: json.error, code: json.code ?? "" };
  return { message: json.error.json.message, code: json.error.json.data.code };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithDatabases("request bodies", (database) => {
  let cookie = "";
  let server: TRouteServer | null = null;
  beforeAll(async () => {
    setRouteDatabase(database());
    cookie = `${SESSION_COOKIE_NAME}=${(await signedUpCaller(database(), "uploader")).sessionToken}`;
  });
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  async function serve(handler: TRouteHandler) {
    setRouteDatabase(database());
    server = await serveRoute(handler);
    return server;
  }

  describe.each(cases)("$route", ({ handler, path, limit, signedIn, contentType, prefix }) => {
    it("refuses an endless chunked body after reading little more than its cap, then reads no more", async () => {
      const { origin, bytesRead } = await serve(handler);
      const answer = await postEndlessBody(`${origin}${path}`, { prefix, headers: { origin, "content-type": contentType, ...(signedIn ? { cookie } : {}) } });

      expect(answer.status).toBe(413);
      expect(errorOf(answer.body)).toEqual({ message: limit.tooLarge, code: "PAYLOAD_TOO_LARGE" });
      expect(answer.headers.connection).toBe("close");
      const read = bytesRead();
      expect(read).toBeGreaterThan(limit.maxBytes - (prefix?.length ?? 0));
      expect(read).toBeLessThanOrEqual(limit.maxBytes + SLACK_BYTES);
      await sleep(300);
      expect(bytesRead()).toBe(read);
    }, 60_000);
  });

  it.each([
    ["a tRPC procedure that needs a session", trpc, "/api/trpc/rooms.saveTranscript", "application/json"],
    ["an upload route", accountAvatar, "/api/account/avatar", "image/png"],
  ] as const)("refuses a stranger on %s without reading the body, and closes the connection", async (_, handler, path, contentType) => {
    const { origin, bytesRead } = await serve(handler);
    const answer = await postEndlessBody(`${origin}${path}`, { headers: { origin, "content-type": contentType } });
    expect(answer.status).toBe(401);
    expect(answer.headers.connection).toBe("close");
    const read = bytesRead();
    // What arrived while the session was looked up, and while the answer went out: bounded, then nothing.
    expect(read).toBeLessThanOrEqual(1024 * 1024);
    await sleep(300);
    expect(bytesRead()).toBe(read);
  });

  it("lets a large signed-in request through to its procedure", async () => {
    const { origin } = await serve(trpc);
    // 100 messages of 20,000 characters: 2 MB, over the public cap and within the signed-in one.
    const messages = Array.from({ length: 100 }, () => ({ kind: "human", participantId: null, speakerName: "Ada", text: "x".repeat(20_000) }));
    const response = await fetch(`${origin}/api/trpc/rooms.saveTranscript`, {
      method: "POST",
      headers: { origin, cookie, "content-type": "application/json" },
      body: JSON.stringify({ json: { roomId: "room_doesNotExist00000", messages } }),
    });
    const body = await response.text();
    expect(errorOf(body).code).toBe("NOT_FOUND");
    expect(response.status).toBe(404);
  });
});
