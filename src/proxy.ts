/**
 * Next.js Proxy (the file convention that was `middleware`): gives every page request a fresh nonce and the
 * page's security headers. Next.js reads the nonce from the Content-Security-Policy request header set here and
 * puts it on its own scripts; the root layout reads NONCE_HEADER for next-themes' inline theme script.
 */
import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/env";
import { configuredOAuthProviders } from "@/server/auth/oauth-providers";
import { authorizationOrigins, documentSecurityHeaders, newNonce, NONCE_HEADER, type TDocumentPolicySettings } from "@/server/http/security-headers";

const settings: TDocumentPolicySettings = {
  development: env.NODE_ENV === "development",
  https: env.PUBLIC_URL?.startsWith("https://") ?? false,
  formActionOrigins: authorizationOrigins(configuredOAuthProviders()),
};

export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const headers = documentSecurityHeaders(nonce, settings);
  // Set, not appended: whatever a client sent under these names is replaced.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(NONCE_HEADER, nonce);
  requestHeaders.set("content-security-policy", headers["content-security-policy"]);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: built assets need no policy, and API routes set their own (user content gets `default-src 'none'`).
      source: "/((?!api/|_next/static/|_next/image|favicon.ico).*)",
      // Prefetches carry no document, so they need no nonce.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
