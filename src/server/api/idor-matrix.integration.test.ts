/**
 * The IDOR matrix: for every tRPC procedure and every route handler, what another signed-in person gets when they
 * aim it at the owner's rows. Procedures are read from the router and route handlers from src/app/api, so one
 * without an entry here fails the test: a new procedure cannot forget its rule.
 *
 * - `owned`: the intruder is refused (NOT_FOUND or FORBIDDEN, or for a few, an answer that changes nothing) and
 *   every row the call names is exactly as before.
 * - `listsOwn`: the call answers with the intruder's own data only; none of the owner's ids appear in it.
 * - `admin`: a member (the intruder) is refused with FORBIDDEN, and the rows it names are as before.
 * - `notOwnerScoped`: public, or acting on the caller alone; the reason says why no owner's row is reachable.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { SESSION_COOKIE_NAME } from "@/server/auth/session-cookie";
import { rows } from "@/server/db/client";
import { describeWithDatabases } from "@/server/testing/databases";
import { buildOwnedWorld, tinyPng, type TOwnedWorld } from "@/server/testing/owned-world";
import { setRouteDatabase } from "@/server/testing/route-server";
import { installTestAppSecret } from "@/server/testing/secret";
import { callProcedure } from "@/server/testing/trpc";

type TIds = TOwnedWorld["ids"];
/** A row the call names, by table and key column (the primary key unless said). */
type TRowRef = [table: string, id: string, column?: string];
type TEntry =
  | { kind: "owned"; input: (ids: TIds) => unknown; rows: (ids: TIds) => TRowRef[]; mayAnswer?: true }
  | { kind: "listsOwn"; input: (ids: TIds) => unknown }
  | { kind: "admin"; input: (ids: TIds) => unknown; rows?: (ids: TIds) => TRowRef[] }
  | { kind: "notOwnerScoped"; reason: string };

const self = (reason: string): TEntry => ({ kind: "notOwnerScoped", reason });
const owned = (input: TEntry & { kind: "owned" }) => input;

const character = (ids: TIds): TRowRef[] => [["characters", ids.characterId], ["character_assets", ids.characterId, "character_id"], ["lorebook_entries", ids.characterId, "character_id"]];
const chat = (ids: TIds): TRowRef[] => [["chats", ids.chatId], ["messages", ids.chatId, "chat_id"], ["memories", ids.chatId, "chat_id"]];
const provider = (ids: TIds): TRowRef[] => [["providers", ids.providerId], ["models", ids.providerId, "provider_id"]];
const share = (ids: TIds): TRowRef[] => [["file_share_channels", ids.shareId]];
const room = (ids: TIds): TRowRef[] => [["connect_sessions", ids.roomId], ["connect_participants", ids.roomId, "session_id"]];
const ownerAccount = (ids: TIds): TRowRef[] => [["users", ids.userId], ["sessions", ids.userId, "user_id"], ["password_credentials", ids.userId, "user_id"]];

export const PROCEDURE_MATRIX: Record<string, TEntry> = {
  "system.status": self("reports the server's health, no one's rows"),
  "signaling.credentials": self("issues the caller's own device a fresh peer"),
  "auth.providers": self("lists the configured sign-in providers"),
  "auth.viewer": self("says who the caller is"),
  "auth.registration": self("says whether sign-up is open, for an invite the caller holds"),
  "auth.signUp": self("creates the caller's account"),
  "auth.holdInvite": self("stores an invite the caller holds in their own cookie"),
  "auth.signIn": self("signs the caller in with their own password; guessing is rate-limited"),
  "auth.signOut": self("ends the caller's own session"),
  "auth.passwordResetLink": self("checks a one-time link the caller holds (an unguessable token)"),
  "auth.resetPassword": self("spends a one-time link the caller holds"),
  "account.profile": self("reads the caller's profile"),
  "account.updateProfile": self("changes the caller's profile"),
  "account.removeAvatar": self("removes the caller's picture"),
  "account.delete": self("deletes the caller's account, after their password"),
  "account.signInMethods": self("lists the caller's sign-in methods"),
  "account.setPassword": self("changes the caller's password, after their current one"),
  "account.unlinkProvider": self("unlinks one of the caller's providers"),
  "account.devices": { kind: "listsOwn", input: () => undefined },
  "account.revokeDevice": owned({ kind: "owned", input: (ids) => ({ id: ids.sessionId }), rows: (ids) => [["sessions", ids.sessionId, "id"]] }),
  "account.revokeOtherDevices": { kind: "listsOwn", input: () => undefined },

  "admin.accounts": { kind: "admin", input: () => undefined },
  "admin.setAccountDisabled": { kind: "admin", input: (ids) => ({ userId: ids.userId, disabled: true }), rows: ownerAccount },
  "admin.setAccountRole": { kind: "admin", input: (ids) => ({ userId: ids.userId, role: "admin" }), rows: ownerAccount },
  "admin.deleteAccount": { kind: "admin", input: (ids) => ({ userId: ids.userId }), rows: ownerAccount },
  "admin.createPasswordResetLink": { kind: "admin", input: (ids) => ({ userId: ids.userId }), rows: (ids) => [["password_reset_links", ids.userId, "user_id"]] },
  "admin.invites": { kind: "admin", input: () => undefined },
  "admin.createInvite": { kind: "admin", input: () => ({ expiresInHours: 24 }) },
  "admin.revokeInvite": { kind: "admin", input: (ids) => ({ id: ids.inviteId }), rows: (ids) => [["invites", ids.inviteId]] },
  "admin.registration": { kind: "admin", input: () => undefined },
  "admin.setRegistrationMode": { kind: "admin", input: () => ({ mode: "closed" }), rows: () => [["instance_settings", "registration_mode", "key"]] },
  "admin.privateHosts": { kind: "admin", input: () => undefined },
  "admin.setPrivateHosts": { kind: "admin", input: () => ({ hosts: ["192.168.1.0/24"] }), rows: () => [["instance_settings", "private_hosts", "key"]] },

  "characters.list": { kind: "listsOwn", input: () => ({}) },
  "characters.byId": owned({ kind: "owned", input: (ids) => ({ id: ids.characterId }), rows: character }),
  "characters.create": self("creates a character of the caller's"),
  "characters.duplicate": owned({ kind: "owned", input: (ids) => ({ id: ids.characterId }), rows: character }),
  "characters.update": owned({ kind: "owned", input: (ids) => ({ id: ids.characterId, fields: { name: "Taken over" } }), rows: character }),
  "characters.saveLorebook": owned({ kind: "owned", input: (ids) => ({ id: ids.characterId, lorebook: null }), rows: character }),
  "characters.setAvatar": owned({ kind: "owned", input: (ids) => ({ id: ids.characterId, assetId: ids.assetId }), rows: character }),
  "characters.removeAsset": owned({ kind: "owned", input: (ids) => ({ id: ids.characterId, assetId: ids.assetId }), rows: character }),
  "characters.delete": owned({ kind: "owned", input: (ids) => ({ id: ids.characterId }), rows: character }),

  "personas.list": { kind: "listsOwn", input: () => undefined },
  "personas.create": self("creates a persona of the caller's"),
  "personas.update": owned({ kind: "owned", input: (ids) => ({ id: ids.personaId, fields: { name: "Taken over", description: "", isDefault: true } }), rows: (ids) => [["personas", ids.personaId]] }),
  "personas.delete": owned({ kind: "owned", input: (ids) => ({ id: ids.personaId }), rows: (ids) => [["personas", ids.personaId]] }),

  "models.providers": { kind: "listsOwn", input: () => undefined },
  "models.createProvider": self("creates a provider of the caller's"),
  "models.updateProvider": owned({ kind: "owned", input: (ids) => ({ id: ids.providerId, fields: { kind: "openai", label: "Taken over", baseUrl: null } }), rows: provider }),
  "models.deleteProvider": owned({ kind: "owned", input: (ids) => ({ id: ids.providerId }), rows: provider }),
  "models.testConnection": owned({ kind: "owned", input: (ids) => ({ id: ids.providerId }), rows: provider }),
  "models.refreshModels": owned({ kind: "owned", input: (ids) => ({ id: ids.providerId }), rows: provider }),
  "models.list": { kind: "listsOwn", input: () => undefined },
  "models.addManual": owned({ kind: "owned", input: (ids) => ({ providerId: ids.providerId, modelId: "intruder-model" }), rows: provider }),
  "models.update": owned({ kind: "owned", input: (ids) => ({
      id: ids.modelRowId,
      overrides: { label: "Taken over", contextWindow: 4096, maxOutputTokens: 512, vision: true, reasoning: true, tools: true, inputPrice: 1, outputPrice: 1, cachedInputPrice: null },
    }), rows: (ids) => [["models", ids.modelRowId]] }),
  "models.setFlags": owned({ kind: "owned", input: (ids) => ({ ids: [ids.modelRowId], starred: true, hidden: true }), rows: (ids) => [["models", ids.modelRowId]], mayAnswer: true }),
  "models.reset": owned({ kind: "owned", input: (ids) => ({ id: ids.modelRowId }), rows: (ids) => [["models", ids.modelRowId]] }),
  "models.delete": owned({ kind: "owned", input: (ids) => ({ id: ids.modelRowId }), rows: (ids) => [["models", ids.modelRowId]] }),
  "models.settings": { kind: "listsOwn", input: () => undefined },
  "models.saveSettings": owned({
    kind: "owned",
    input: (ids) => ({ scenario: "chat", modelRowId: ids.modelRowId, temperature: 1, maxOutputTokens: 512, reasoning: false }),
    rows: (ids) => [["models", ids.modelRowId], ["generation_settings", ids.userId, "user_id"]],
  }),

  "chats.list": { kind: "listsOwn", input: () => ({}) },
  "chats.byId": owned({ kind: "owned", input: (ids) => ({ id: ids.chatId }), rows: chat }),
  "chats.revision": owned({ kind: "owned", input: (ids) => ({ id: ids.chatId }), rows: chat }),
  "chats.start": owned({ kind: "owned", input: (ids) => ({ characterId: ids.characterId, personaId: null }), rows: character }),
  "chats.update": owned({ kind: "owned", input: (ids) => ({ id: ids.chatId, title: "Taken over", archived: true }), rows: chat }),
  "chats.delete": owned({ kind: "owned", input: (ids) => ({ id: ids.chatId }), rows: chat }),
  "chats.fork": owned({ kind: "owned", input: (ids) => ({ messageId: ids.messageId }), rows: chat }),
  "chats.editMessage": owned({ kind: "owned", input: (ids) => ({ id: ids.messageId, content: "Taken over" }), rows: chat }),
  "chats.deleteMessage": owned({ kind: "owned", input: (ids) => ({ id: ids.messageId }), rows: chat }),
  "chats.selectSwipe": owned({ kind: "owned", input: (ids) => ({ id: ids.messageId }), rows: chat }),
  "chats.translate": owned({ kind: "owned", input: (ids) => ({ id: ids.messageId, language: "fr" }), rows: chat }),
  "chats.showTranslation": owned({ kind: "owned", input: (ids) => ({ id: ids.messageId, show: true }), rows: chat }),
  "chats.memories": owned({ kind: "owned", input: (ids) => ({ chatId: ids.chatId }), rows: chat }),
  "chats.remember": owned({ kind: "owned", input: (ids) => ({ chatId: ids.chatId, content: "Planted memory" }), rows: chat }),
  "chats.forget": owned({ kind: "owned", input: (ids) => ({ id: ids.memoryId }), rows: chat }),

  "usage.summary": { kind: "listsOwn", input: () => ({ days: 30, timeZone: "UTC" }) },

  "share.create": self("creates a link of the caller's"),
  "share.open": self("public by design: the unguessable slug is the capability (and a password, if set)"),
  "share.unlock": self("public by design: checks the link's password, wrong guesses limited"),
  "share.admit": owned({ kind: "owned", input: (ids) => ({ id: ids.shareId, peerId: "peer-intruder-01", ticket: "st1.9999999999.forged" }), rows: share }),
  "share.renew": owned({ kind: "owned", input: (ids) => ({ id: ids.shareId, peerId: "peer-intruder-01" }), rows: share }),
  "share.revoke": owned({ kind: "owned", input: (ids) => ({ id: ids.shareId }), rows: share }),
  "share.recordDownload": owned({ kind: "owned", input: (ids) => ({ id: ids.shareId }), rows: share, mayAnswer: true }),
  "share.mine": { kind: "listsOwn", input: () => undefined },

  "rooms.create": self("creates a room of the caller's"),
  "rooms.list": { kind: "listsOwn", input: () => undefined },
  "rooms.lobby": self("by design: a room's link (its unguessable slug) lets any signed-in person see its lobby"),
  "rooms.join": self("by design: a room's link lets any signed-in person take a seat, within its size, unless kicked"),
  "rooms.admit": owned({ kind: "owned", input: (ids) => ({ roomId: ids.roomId, participantId: ids.participantId, peerId: "peer-intruder-01", ticket: "rt1.forged" }), rows: room }),
  "rooms.renew": owned({ kind: "owned", input: (ids) => ({ roomId: ids.roomId }), rows: room }),
  "rooms.updateSettings": owned({ kind: "owned", input: (ids) => ({ roomId: ids.roomId, turnPolicy: "manual", maxAiRepliesPerMessage: 0 }), rows: room }),
  "rooms.leave": owned({ kind: "owned", input: (ids) => ({ roomId: ids.roomId }), rows: room, mayAnswer: true }),
  "rooms.recordDeparture": owned({ kind: "owned", input: (ids) => ({ roomId: ids.roomId, participantId: ids.participantId, peerId: "peer-owner-host-1" }), rows: room }),
  "rooms.kick": owned({ kind: "owned", input: (ids) => ({ roomId: ids.roomId, participantId: ids.participantId }), rows: room }),
  "rooms.close": owned({ kind: "owned", input: (ids) => ({ roomId: ids.roomId }), rows: room, mayAnswer: true }),
  "rooms.saveTranscript": owned({
    kind: "owned",
    input: (ids) => ({ roomId: ids.roomId, messages: [{ kind: "human", participantId: null, speakerName: "Intruder", text: "hello" }] }),
    rows: room,
  }),
};

type TRouteCall = { method: string; path: (ids: TIds) => string; params?: (ids: TIds) => Record<string, string>; body?: (ids: TIds) => Promise<BodyInit>; contentType?: string };
type TRouteEntry = ({ kind: "owned"; call: TRouteCall; rows: (ids: TIds) => TRowRef[] } & { statuses?: number[] }) | { kind: "notOwnerScoped"; reason: string };

/** A standalone lorebook aimed at the owner's character. */
const lorebookImport = (ids: TIds) => {
  const form = new FormData();
  form.append("files", new File([JSON.stringify({ name: "Planted lore", entries: [{ keys: ["x"], content: "planted", extensions: {}, enabled: true, insertion_order: 1, use_regex: false }], extensions: {} })], "lore.json"));
  form.append("characterId", ids.characterId);
  return Promise.resolve(form);
};
const json = (value: unknown) => Promise.resolve(JSON.stringify(value));
const png = async () => new Uint8Array(await tinyPng());

/** Route handlers by file (under src/app/api) and method. */
export const ROUTE_MATRIX: Record<string, TRouteEntry> = {
  "account/avatar POST": { kind: "notOwnerScoped", reason: "sets the caller's own picture" },
  "auth/[...nextauth] GET": { kind: "notOwnerScoped", reason: "Auth.js's provider sign-in flow for the caller" },
  "auth/[...nextauth] POST": { kind: "notOwnerScoped", reason: "Auth.js's provider sign-in flow for the caller" },
  "avatars/[userId] GET": { kind: "notOwnerScoped", reason: "profile pictures are public to whoever holds the unguessable user ID (people in a room see each other's)" },
  "health GET": { kind: "notOwnerScoped", reason: "the server's health" },
  "trpc/[trpc] GET": { kind: "notOwnerScoped", reason: "the tRPC endpoint: every procedure has its own entry above" },
  "trpc/[trpc] POST": { kind: "notOwnerScoped", reason: "the tRPC endpoint: every procedure has its own entry above" },
  "characters/[id]/assets/[assetId] GET": {
    kind: "owned",
    call: { method: "GET", path: (ids) => `/api/characters/${ids.characterId}/assets/${ids.assetId}`, params: (ids) => ({ id: ids.characterId, assetId: ids.assetId }) },
    rows: character,
  },
  "characters/[id]/assets POST": {
    kind: "owned",
    call: { method: "POST", path: (ids) => `/api/characters/${ids.characterId}/assets?type=icon&name=planted&ext=png`, params: (ids) => ({ id: ids.characterId }), body: png, contentType: "image/png" },
    rows: character,
  },
  "characters/[id]/export GET": { kind: "owned", call: { method: "GET", path: (ids) => `/api/characters/${ids.characterId}/export?format=json`, params: (ids) => ({ id: ids.characterId }) }, rows: character },
  "characters/import POST": { kind: "owned", call: { method: "POST", path: () => "/api/characters/import", body: lorebookImport }, rows: character, statuses: [200] },
  "chats/reply POST": {
    kind: "owned",
    call: { method: "POST", path: () => "/api/chats/reply", body: (ids) => json({ action: "send", chatId: ids.chatId, content: "Taken over" }), contentType: "application/json" },
    rows: chat,
  },
  "personas/[id]/avatar GET": { kind: "owned", call: { method: "GET", path: (ids) => `/api/personas/${ids.personaId}/avatar`, params: (ids) => ({ id: ids.personaId }) }, rows: (ids) => [["personas", ids.personaId]] },
  "personas/[id]/avatar POST": {
    kind: "owned",
    call: { method: "POST", path: (ids) => `/api/personas/${ids.personaId}/avatar`, params: (ids) => ({ id: ids.personaId }), body: png, contentType: "image/png" },
    rows: (ids) => [["personas", ids.personaId]],
  },
  "rooms/reply POST": {
    kind: "owned",
    call: { method: "POST", path: () => "/api/rooms/reply", body: (ids) => json({ roomId: ids.roomId, history: [], present: [] }), contentType: "application/json" },
    rows: room,
  },
};

const API_DIRECTORY = path.join(process.cwd(), "src", "app", "api");
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route handler file under src/app/api, as its path there ("characters/[id]/export"). */
function routeFiles(directory = API_DIRECTORY, prefix = ""): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return routeFiles(path.join(directory, entry.name), prefix ? `${prefix}/${entry.name}` : entry.name);
    return entry.name === "route.ts" ? [prefix] : [];
  });
}

type TRouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function routeHandlers(): Promise<{ key: string; handler: TRouteHandler }[]> {
  const found = [];
  for (const file of routeFiles()) {
    const exported = (await import(path.join(API_DIRECTORY, file, "route.ts"))) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      const handler = exported[method];
      if (typeof handler === "function") found.push({ key: `${file} ${method}`, handler: handler as TRouteHandler });
    }
  }
  return found;
}

const procedurePaths = Object.keys(appRouter._def.procedures);

describe("the IDOR matrix", () => {
  it("has an entry for every procedure, and no entry for one that is gone", () => {
    expect(procedurePaths.filter((path) => !(path in PROCEDURE_MATRIX))).toEqual([]);
    expect(Object.keys(PROCEDURE_MATRIX).filter((path) => !procedurePaths.includes(path))).toEqual([]);
  });

  it("has an entry for every route handler, and no entry for one that is gone", async () => {
    const keys = (await routeHandlers()).map((route) => route.key);
    expect(keys.filter((key) => !(key in ROUTE_MATRIX))).toEqual([]);
    expect(Object.keys(ROUTE_MATRIX).filter((key) => !keys.includes(key))).toEqual([]);
  });
});

describeWithDatabases("another person aimed at the owner's rows", (database) => {
  let world: TOwnedWorld;

  beforeAll(async () => {
    installTestAppSecret();
    world = await buildOwnedWorld(database());
    setRouteDatabase(database());
  });

  /** The rows a call names, as the database holds them. */
  async function snapshot(refs: TRowRef[]): Promise<string> {
    const found: unknown[] = [];
    for (const [table, id, column = "id"] of refs) {
      const result = await database().db.execute(sql`select * from ${sql.identifier(table)} where ${sql.identifier(column)} = ${id} order by 1`);
      found.push(rows(result));
    }
    return JSON.stringify(found);
  }

  const ownedCases = Object.entries(PROCEDURE_MATRIX).filter(([, entry]) => entry.kind === "owned" || entry.kind === "admin");
  it.each(ownedCases)("%s refuses them and leaves the owner's rows as they were", async (path, entry) => {
    if (entry.kind !== "owned" && entry.kind !== "admin") return;
    const refs = entry.rows?.(world.ids) ?? [];
    const before = await snapshot(refs);
    const outcome = await callProcedure(world.other.caller, path, entry.input(world.ids)).then(
      () => null,
      (error: unknown) => error,
    );
    if (entry.kind === "admin") expect(outcome).toMatchObject({ code: "FORBIDDEN" });
    else if (!("mayAnswer" in entry && entry.mayAnswer) || outcome !== null) {
      expect(outcome).toBeInstanceOf(TRPCError);
      expect(["NOT_FOUND", "FORBIDDEN"]).toContain((outcome as TRPCError).code);
    }
    expect(await snapshot(refs)).toBe(before);
    if (refs.length > 0) expect(before).not.toBe("[]");
  });

  const listCases = Object.entries(PROCEDURE_MATRIX).filter(([, entry]) => entry.kind === "listsOwn");
  it.each(listCases)("%s answers with their own data only", async (path, entry) => {
    if (entry.kind !== "listsOwn") return;
    const answer = JSON.stringify(await callProcedure(world.other.caller, path, entry.input(world.ids)));
    for (const id of Object.values(world.ids)) expect(answer).not.toContain(id);
    // And the owner's own call does show them, so the check above can fail.
    if (path === "characters.list") expect(JSON.stringify(await callProcedure(world.owner.caller, path, entry.input(world.ids)))).toContain(world.ids.characterId);
  });

  it.each(Object.entries(ROUTE_MATRIX).filter(([, entry]) => entry.kind === "owned"))("route %s refuses them and leaves the owner's rows as they were", async (route, entry) => {
    if (entry.kind !== "owned") return;
    const { handler } = (await routeHandlers()).find((candidate) => candidate.key === route)!;
    const refs = entry.rows(world.ids);
    const before = await snapshot(refs);
    const body = entry.call.body ? await entry.call.body(world.ids) : undefined;
    const headers = new Headers({ cookie: `${SESSION_COOKIE_NAME}=${world.other.sessionToken}` });
    if (entry.call.contentType) headers.set("content-type", entry.call.contentType);
    const request = new Request(`http://localhost${entry.call.path(world.ids)}`, { method: entry.call.method, headers, body });
    const response = await handler(request, { params: Promise.resolve(entry.call.params?.(world.ids) ?? {}) });
    const text = await response.text();
    if (entry.statuses) {
      // Imports answer per file: the lorebook aimed at the owner's character is refused as not found.
      expect(entry.statuses).toContain(response.status);
      expect(text).toMatch(/not found/i);
    } else {
      expect([403, 404]).toContain(response.status);
    }
    expect(await snapshot(refs)).toBe(before);
  });
});
