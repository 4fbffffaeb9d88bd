/**
 * The session cookie: HttpOnly (scripts cannot read it), SameSite=Lax (not sent on cross-site subrequests or
 * POSTs), host-only, and Secure whenever Coterie is served over HTTPS (PUBLIC_URL). A self-hoster on plain
 * http in their LAN still gets a working cookie; browsers drop Secure cookies set over http.
 */
import { env } from "@/env";

export const SECURE_COOKIES = env.PUBLIC_URL?.startsWith("https://") ?? false;
/** `__Host-` makes the browser refuse the cookie unless it is Secure, host-only and for path `/`. */
export const SESSION_COOKIE_NAME = SECURE_COOKIES ? "__Host-coterie.session" : "coterie.session";

export type TCookieOptions = { maxAgeSeconds: number };

export function serializeSessionCookie(token: string, { maxAgeSeconds }: TCookieOptions): string {
  const attributes = [`${SESSION_COOKIE_NAME}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (SECURE_COOKIES) attributes.push("Secure");
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
