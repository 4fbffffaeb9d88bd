/**
 * The session cookie: HttpOnly (scripts cannot read it), SameSite=Lax (not sent on cross-site subrequests or
 * POSTs), Secure in production, host-only. The OAuth flows (Auth.js) are configured to use the same cookie.
 */
import { env } from "@/env";

/** `__Host-` makes the browser refuse the cookie unless it is Secure, host-only and for path `/`. */
export const SESSION_COOKIE_NAME = env.NODE_ENV === "production" ? "__Host-coterie.session" : "coterie.session";
const secureCookies = env.NODE_ENV === "production";

export type TCookieOptions = { maxAgeSeconds: number };

export function serializeSessionCookie(token: string, { maxAgeSeconds }: TCookieOptions): string {
  const attributes = [`${SESSION_COOKIE_NAME}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (secureCookies) attributes.push("Secure");
  return attributes.join("; ");
}

export function clearedSessionCookie(): string {
  return serializeSessionCookie("", { maxAgeSeconds: 0 });
}

export function sessionTokenFromCookieHeader(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === SESSION_COOKIE_NAME) return value.join("=") || null;
  }
  return null;
}
