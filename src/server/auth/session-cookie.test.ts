import { describe, expect, it } from "vitest";
import { clearedSessionCookie, serializeSessionCookie, SESSION_COOKIE_NAME, sessionTokenFromCookieHeader } from "./session-cookie";

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax and host-wide", () => {
    expect(serializeSessionCookie("abc", { maxAgeSeconds: 60 })).toBe(`${SESSION_COOKIE_NAME}=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=60`);
    expect(clearedSessionCookie()).toMatch(/=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0$/);
  });

  it("is read back from a Cookie header among others", () => {
    expect(sessionTokenFromCookieHeader(`theme=dark; ${SESSION_COOKIE_NAME}=tok_1-2; other=x=y`)).toBe("tok_1-2");
    expect(sessionTokenFromCookieHeader("theme=dark")).toBeNull();
    expect(sessionTokenFromCookieHeader(`${SESSION_COOKIE_NAME}=`)).toBeNull();
    expect(sessionTokenFromCookieHeader(null)).toBeNull();
  });
});
