import { describe, expect, it } from "vitest";
import {
  clearedInviteCookie,
  clearedSessionCookie,
  INVITE_COOKIE_NAME,
  inviteTokenFromCookieHeader,
  serializeInviteCookie,
  serializeSessionCookie,
  SESSION_COOKIE_NAME,
  sessionTokenFromCookieHeader,
} from "./session-cookie";

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

describe("invite cookie", () => {
  it("is HttpOnly, SameSite=Lax (so it survives the provider's redirect back) and short-lived", () => {
    expect(serializeInviteCookie("tok")).toBe(`${INVITE_COOKIE_NAME}=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=900`);
    expect(clearedInviteCookie()).toMatch(/^coterie\.invite=; .*Max-Age=0$/);
    expect(inviteTokenFromCookieHeader(`${SESSION_COOKIE_NAME}=s; ${INVITE_COOKIE_NAME}=tok`)).toBe("tok");
    expect(sessionTokenFromCookieHeader(`${INVITE_COOKIE_NAME}=tok`)).toBeNull();
  });
});
