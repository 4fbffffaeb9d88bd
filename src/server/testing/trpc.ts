/** Calls tRPC procedures in-process, through the same context creation a real request goes through. */
import { eq } from "drizzle-orm";
import { createCaller } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { SESSION_COOKIE_NAME } from "@/server/auth/session-cookie";
import type { TDatabaseConnection } from "@/server/db/client";
import { CLIENT_IP_HEADER } from "@/server/http/request-meta";
import { users } from "@/server/db/schema";

export type TTestCallerOptions = {
  clientIp?: string;
  /** The session cookie's value, as a browser would send it. */
  sessionToken?: string | null;
  headers?: Record<string, string>;
  /** Collects the cookies procedures set, as a browser would receive them. */
  responseHeaders?: Headers;
};

export async function createTestCaller(connection: TDatabaseConnection, options: TTestCallerOptions = {}) {
  const headers = new Headers({ "user-agent": "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/156.0.0.0", ...options.headers });
  if (options.sessionToken) headers.set("cookie", `${SESSION_COOKIE_NAME}=${options.sessionToken}`);
  // As the custom server stamps every request it hands to Next.js (src/server/start-server.ts).
  const clientIp = options.clientIp ?? "203.0.113.10";
  headers.set(CLIENT_IP_HEADER, clientIp);
  const responseHeaders = options.responseHeaders ?? new Headers();
  const context = await createTRPCContext({
    db: connection.db,
    dbDriver: connection.driver,
    clientIp,
    requestId: null,
    headers,
    responseHeaders,
  });
  return createCaller(context);
}

/** The session token a response set, or null when it set none (or cleared it). */
export function sessionTokenSetBy(responseHeaders: Headers): string | null {
  for (const cookie of responseHeaders.getSetCookie()) {
    const match = new RegExp(`^${SESSION_COOKIE_NAME.replace(".", "\\.")}=([^;]*)`).exec(cookie);
    // An emptied cookie is a sign-out.
    if (match) return match[1] === undefined || match[1] === "" ? null : match[1];
  }
  return null;
}

let userCounter = 0;

/** Signs up a fresh user (unique name, unique address) and returns a caller signed in as them. */
export async function signedUpCaller(connection: TDatabaseConnection, name = "user") {
  userCounter++;
  const clientIp = `198.18.${Math.floor(userCounter / 250)}.${userCounter % 250}`;
  const username = `${name}${userCounter}${Date.now().toString(36)}`;
  const responseHeaders = new Headers();
  const anonymous = await createTestCaller(connection, { clientIp, responseHeaders });
  const { userId } = await anonymous.auth.signUp({ username, password: "correct horse battery staple" });
  const sessionToken = sessionTokenSetBy(responseHeaders);
  if (!sessionToken) throw new Error("sign-up set no session cookie");
  const caller = await createTestCaller(connection, { clientIp, sessionToken });
  return { caller, userId, username, sessionToken, clientIp };
}

/** Like signedUpCaller, but an administrator (as the first account of an install is), whatever came before. */
export async function signedUpAdministrator(connection: TDatabaseConnection, name = "admin") {
  const signedUp = await signedUpCaller(connection, name);
  await connection.db.update(users).set({ role: "admin" }).where(eq(users.id, signedUp.userId));
  // A caller's context holds the session as it was resolved; the promoted one is resolved afresh.
  const caller = await createTestCaller(connection, { clientIp: signedUp.clientIp, sessionToken: signedUp.sessionToken });
  return { ...signedUp, caller };
}

type TCaller = Awaited<ReturnType<typeof createTestCaller>>;

/** Calls a procedure by its path ("chats.byId"), as tests that sweep the whole router need. */
export function callProcedure(caller: TCaller, path: string, input: unknown): Promise<unknown> {
  let procedure: unknown = caller;
  for (const segment of path.split(".")) procedure = (procedure as Record<string, unknown>)[segment];
  if (typeof procedure !== "function") throw new Error(`no procedure ${path}`);
  return (procedure as (value: unknown) => Promise<unknown>)(input);
}
