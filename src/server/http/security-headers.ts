/**
 * The security headers of every page Coterie serves, built per request by src/proxy.ts. Pure functions of the
 * deployment's settings and the request's nonce, so the policy can be read and tested in one place.
 * Headers that never vary (nosniff, Referrer-Policy, X-Frame-Options) stay in next.config.ts; API routes that
 * serve user content set their own stricter policy (`default-src 'none'`).
 */
import type { Provider } from "next-auth/providers";

/** The request header that carries the nonce to server components (the root layout hands it to next-themes). */
export const NONCE_HEADER = "x-nonce";

/** 128 random bits, base64: unguessable, and a valid CSP nonce-source. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

export type TDocumentPolicySettings = {
  /** `next dev`: React's refresh and error overlay evaluate strings, which production never does. */
  development: boolean;
  /** Served over https (PUBLIC_URL): HSTS, and any stray http subresource is upgraded rather than mixed. */
  https: boolean;
  /**
   * Origins a form on Coterie's pages may end up at besides its own: the OAuth providers' authorization pages.
   * Chrome checks form-action against every redirect after a form post, so a sign-in that is ever posted as a
   * form (rather than fetched, as the buttons do today) would otherwise be stopped on its way to the provider.
   */
  formActionOrigins: readonly string[];
};

export function contentSecurityPolicy(nonce: string, settings: TDocumentPolicySettings): string {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // Next.js puts the nonce on its own scripts and inline payloads (it reads it from this policy in the request);
    // 'strict-dynamic' lets those scripts load the app's chunks. No 'unsafe-inline', and no 'unsafe-eval' outside dev.
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(settings.development ? ["'unsafe-eval'"] : [])],
    // Styles are 'unsafe-inline' rather than nonced on purpose: nonces cannot cover style="" attributes, which
    // libraries render on the server (Radix primitives), and sonner injects its stylesheet at run time without a
    // nonce. Script is what an injection would need, and script stays nonce-only; user text never becomes HTML
    // (markdown is rendered without raw HTML), so no attacker-controlled stylesheet can reach the page either.
    ["style-src", "'self'", "'unsafe-inline'"],
    // Only Coterie's own pictures (avatars, assets) and data: thumbnails (room seats); never a remote host, so a
    // picture in a card or a reply cannot report who read it (markdown already shows images as links).
    ["img-src", "'self'", "data:"],
    ["font-src", "'self'"],
    // 'self' covers the same-origin WebSocket at /peerjs (ws: on http, wss: on https, per CSP Level 3).
    // WebRTC data channels and ICE are outside CSP; provider calls are made by the server, not the browser.
    ["connect-src", "'self'"],
    // Nothing in Coterie starts a worker or embeds a frame.
    ["worker-src", "'none'"],
    ["frame-src", "'none'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'", ...settings.formActionOrigins],
    ["frame-ancestors", "'none'"],
  ];
  const policy = directives.map((directive) => directive.join(" "));
  if (settings.https) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}

/**
 * Browser features Coterie never uses, turned off for its pages and anything they might embed. WebRTC data
 * channels (shares, rooms) need none of them. (Chromium offers candidates from every local interface only to a
 * page granted camera or microphone, which Coterie never asks for; otherwise it uses the default-route
 * interface, and STUN/TURN, so connections work as before. The e2e namespace has a default route for this.)
 * The clipboard stays on: copy buttons write links to it. Only features Chromium knows are listed, since it
 * warns about an unknown one in the console of every page (it does not know "bluetooth", for one).
 */
const UNUSED_FEATURES = [
  "accelerometer",
  "browsing-topics",
  "camera",
  "display-capture",
  "geolocation",
  "gyroscope",
  "hid",
  "idle-detection",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
] as const;

export const PERMISSIONS_POLICY = UNUSED_FEATURES.map((feature) => `${feature}=()`).join(", ");

/**
 * One year of https-only for this host. Not includeSubDomains: PUBLIC_URL may be a bare domain whose other
 * hosts the operator serves differently, and Coterie cannot know that they all speak https.
 */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000";

/**
 * The origins of the configured OAuth providers' authorization pages, for form-action: a provider's
 * authorization URL when it has one, its issuer when the URL is discovered (OpenID Connect).
 */
export function authorizationOrigins(providers: readonly Provider[]): string[] {
  const origins = new Set<string>();
  for (const provider of providers) {
    // Read as plain data: the endpoint's declared type comes from a dependency the linter cannot resolve.
    const config = (typeof provider === "function" ? provider() : provider) as { authorization?: unknown; issuer?: unknown };
    const { authorization, issuer } = config;
    const url = typeof authorization === "string" ? authorization : urlField(authorization) ?? (typeof issuer === "string" ? issuer : undefined);
    if (url) origins.add(new URL(url).origin);
  }
  return [...origins];
}

function urlField(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || !("url" in value)) return undefined;
  return typeof value.url === "string" ? value.url : undefined;
}

export type TDocumentSecurityHeaders = {
  "content-security-policy": string;
  "permissions-policy": string;
  "strict-transport-security"?: string;
};

/** The response headers of one page: the policy with this request's nonce, and HSTS when served over https. */
export function documentSecurityHeaders(nonce: string, settings: TDocumentPolicySettings): TDocumentSecurityHeaders {
  return {
    "content-security-policy": contentSecurityPolicy(nonce, settings),
    "permissions-policy": PERMISSIONS_POLICY,
    ...(settings.https ? { "strict-transport-security": STRICT_TRANSPORT_SECURITY } : {}),
  };
}
