/**
 * Coterie's cookies: HttpOnly (scripts cannot read them), SameSite=Lax (not sent on cross-site subrequests or
 * POSTs), host-only, and Secure whenever Coterie is served over HTTPS (PUBLIC_URL). A self-hoster on plain
 * http in their LAN still gets a working cookie; browsers drop Secure cookies set over http.
 */
import { env } from "@/env";

export const SECURE_COOKIES = env.PUBLIC_URL?.startsWith("https://") ?? false;
/** `__Host-` makes the browser refuse the cookie unless it is Secure, host-only and for path `/`. */
const COOKIE_PREFIX = SECURE_COOKIES ? "__Host-" : "";
export const SESSION_COOKIE_NAME = `${COOKIE_PREFIX}coterie.session`;
/** Carries an invite link's token through a provider's sign-in, to the Auth.js callback that creates the account. */
export const INVITE_COOKIE_NAME = `${COOKIE_PREFIX}coterie.invite`;

export type TCookieOptions = { maxAgeSeconds: number };

function serializeCookie(name: string, value: string, { maxAgeSeconds }: TCookieOptions): string {
  const attributes = [`${name}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (SECURE_COOKIES) attributes.push("Secure");
  return attributes.join("; ");
}

function cookieFromHeader(cookieHeader: string | null, cookieName: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === cookieName) return value.join("=") || null;
  }
  return null;
}

export function serializeSessionCookie(token: string, options: TCookieOptions): string {
  return serializeCookie(SESSION_COOKIE_NAME, token, options);
}

export function clearedSessionCookie(): string {
  return serializeSessionCookie("", { maxAgeSeconds: 0 });
}

export function sessionTokenFromCookieHeader(cookieHeader: string | null): string | null {
  return cookieFromHeader(cookieHeader, SESSION_COOKIE_NAME);
}

/** A quarter of an hour: time to sign in at the provider and grant consent, not to keep an invite lying around. */
export const INVITE_COOKIE_MAX_AGE_SECONDS = 15 * 60;

export function serializeInviteCookie(token: string): string {
  return serializeCookie(INVITE_COOKIE_NAME, token, { maxAgeSeconds: INVITE_COOKIE_MAX_AGE_SECONDS });
}

export function clearedInviteCookie(): string {
  return serializeCookie(INVITE_COOKIE_NAME, "", { maxAgeSeconds: 0 });
}

export function inviteTokenFromCookieHeader(cookieHeader: string | null): string | null {
  return cookieFromHeader(cookieHeader, INVITE_COOKIE_NAME);
}
