import Discord from "next-auth/providers/discord";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { describe, expect, it } from "vitest";
import { authorizationOrigins, contentSecurityPolicy, documentSecurityHeaders, newNonce, PERMISSIONS_POLICY, type TDocumentPolicySettings } from "./security-headers";

const production: TDocumentPolicySettings = { development: false, https: false, formActionOrigins: [] };

/** The policy as directive name → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((part) => part.trim().split(/\s+/)).map(([name = "", ...sources]) => [name, sources]));
}

describe("contentSecurityPolicy", () => {
  it("lets scripts run only with this request's nonce, and never evaluates strings in production", () => {
    const policy = directives(contentSecurityPolicy("abc123==", production));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(contentSecurityPolicy("abc123==", production)).not.toContain("unsafe-eval");
    expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
  });

  it("allows eval for React's refresh in development only", () => {
    expect(directives(contentSecurityPolicy("n", { ...production, development: true })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("loads pictures from Coterie itself only, and cannot be framed, embedded or re-based", () => {
    const policy = directives(contentSecurityPolicy("n", production));
    expect(policy.get("img-src")).toEqual(["'self'", "data:"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("worker-src")).toEqual(["'none'"]);
  });

  it("lets forms go to Coterie and to the configured sign-in providers only", () => {
    const policy = directives(contentSecurityPolicy("n", { ...production, formActionOrigins: ["https://github.com"] }));
    expect(policy.get("form-action")).toEqual(["'self'", "https://github.com"]);
  });

  it("upgrades stray http subresources only when Coterie is served over https", () => {
    expect(directives(contentSecurityPolicy("n", production)).has("upgrade-insecure-requests")).toBe(false);
    expect(directives(contentSecurityPolicy("n", { ...production, https: true })).has("upgrade-insecure-requests")).toBe(true);
  });
});

describe("documentSecurityHeaders", () => {
  it("sends HSTS only over https", () => {
    expect(documentSecurityHeaders("n", production)["strict-transport-security"]).toBeUndefined();
    expect(documentSecurityHeaders("n", { ...production, https: true })["strict-transport-security"]).toBe("max-age=31536000");
  });

  it("turns off the browser features Coterie does not use, keeping the clipboard", () => {
    const headers = documentSecurityHeaders("n", production);
    expect(headers["permissions-policy"]).toBe(PERMISSIONS_POLICY);
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) expect(PERMISSIONS_POLICY).toContain(`${feature}=()`);
    expect(PERMISSIONS_POLICY).not.toContain("clipboard");
  });
});

describe("newNonce", () => {
  it("is 128 random bits in base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("authorizationOrigins", () => {
  it("names each provider's authorization page, by its URL or its OpenID issuer", () => {
    const providers = [
      GitHub({ clientId: "id", clientSecret: "secret" }),
      Discord({ clientId: "id", clientSecret: "secret" }),
      Google({ clientId: "id", clientSecret: "secret" }),
      { id: "oidc", name: "SSO", type: "oidc" as const, issuer: "https://sso.example.org/realms/main", clientId: "id", clientSecret: "secret" },
    ];
    expect(authorizationOrigins(providers)).toEqual(["https://github.com", "https://discord.com", "https://accounts.google.com", "https://sso.example.org"]);
    expect(authorizationOrigins([])).toEqual([]);
  });
});
