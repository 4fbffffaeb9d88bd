import { describe, expect, it } from "vitest";
import { assertProductionSecrets, EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("gives a fresh machine working defaults", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATA_DIR).toBe(".data");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.ICE_STUN_URLS).toEqual([]);
    expect(env.TRUST_PROXY).toBeNull();
    expect(env.TURN_CREDENTIAL_TTL_SECONDS).toBe(600);
  });

  it("treats empty values as unset and splits lists", () => {
    const env = parseEnv({ PORT: "", ICE_STUN_URLS: " stun:a.example:3478 , stun:b.example:3478," });
    expect(env.PORT).toBe(3000);
    expect(env.ICE_STUN_URLS).toEqual(["stun:a.example:3478", "stun:b.example:3478"]);
  });

  it("reads TRUST_PROXY as hops or as the proxies' ranges", () => {
    expect(parseEnv({ TRUST_PROXY: "false" }).TRUST_PROXY).toBeNull();
    expect(parseEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toEqual({ hops: 1 });
    expect(parseEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toEqual({ hops: 2 });
    expect(parseEnv({ TRUST_PROXY: "loopback, 10.0.0.0/8, 2001:db8::1" }).TRUST_PROXY).toEqual({ ranges: ["loopback", "10.0.0.0/8", "2001:db8::1"] });
    expect(() => parseEnv({ TRUST_PROXY: "nginx.internal" })).toThrow(/TRUST_PROXY: not a hop count, address or CIDR range: nginx.internal/);
  });

  it("keeps TURN credentials short-lived", () => {
    expect(() => parseEnv({ TURN_CREDENTIAL_TTL_SECONDS: "3600" })).toThrow(/TURN_CREDENTIAL_TTL_SECONDS must be at most 600/);
  });

  it("names every invalid setting", () => {
    expect(() => parseEnv({ PORT: "eighty", DATABASE_URL: "not a url" })).toThrow(/PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/);
  });

  it("refuses a short AUTH_SECRET", () => {
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET must be at least 32 characters/);
  });

  it("leaves registration to the admin page unless REGISTRATION_MODE fixes it", () => {
    expect(parseEnv({}).REGISTRATION_MODE).toBeUndefined();
    expect(parseEnv({ REGISTRATION_MODE: "closed" }).REGISTRATION_MODE).toBe("closed");
    expect(() => parseEnv({ REGISTRATION_MODE: "public" })).toThrow(/REGISTRATION_MODE: .*"open"\|"invite"\|"closed"/);
  });

  it("requires TURN_SECRET with TURN URLs", () => {
    expect(() => parseEnv({ ICE_TURN_URLS: "turn:turn.example:3478" })).toThrow(EnvError);
    expect(() => parseEnv({ ICE_TURN_URLS: "turn:turn.example:3478" })).toThrow(/TURN_SECRET/);
  });

  it("reads ICE_TRANSPORT_POLICY, and refuses relay-only without a TURN server to relay", () => {
    expect(parseEnv({}).ICE_TRANSPORT_POLICY).toBe("all");
    const relayed = { ICE_TURN_URLS: "turn:turn.example:3478", TURN_SECRET: "a-turn-secret-of-16+", ICE_TRANSPORT_POLICY: "relay" };
    expect(parseEnv(relayed).ICE_TRANSPORT_POLICY).toBe("relay");
    expect(() => parseEnv({ ICE_TRANSPORT_POLICY: "relay" })).toThrow(/ICE_TURN_URLS: required when ICE_TRANSPORT_POLICY is relay/);
    expect(() => parseEnv({ ...relayed, ICE_TRANSPORT_POLICY: "direct" })).toThrow(/ICE_TRANSPORT_POLICY/);
  });
});

describe("ALLOW_PRIVATE_HOSTS", () => {
  it("allows no private host by default", () => {
    expect(parseEnv({}).ALLOW_PRIVATE_HOSTS).toEqual([]);
  });

  it("reads hostnames, addresses and ranges, each with an optional port", () => {
    const env = parseEnv({ ALLOW_PRIVATE_HOSTS: "localhost:11434, 192.168.1.0/24,[::1]:8080" });
    expect(env.ALLOW_PRIVATE_HOSTS).toEqual([
      { kind: "host", hostname: "localhost", port: 11434 },
      { kind: "range", network: { family: 4, value: 0xc0a80100n }, prefixLength: 24, port: null },
      { kind: "range", network: { family: 6, value: 1n }, prefixLength: 128, port: 8080 },
    ]);
  });

  it("names the setting and every entry it cannot read", () => {
    expect(() => parseEnv({ ALLOW_PRIVATE_HOSTS: "localhost:11434, http://nas.lan:5000, 10.0.0.1/8" })).toThrow(
      /ALLOW_PRIVATE_HOSTS: "http:\/\/nas\.lan:5000" is a URL[\s\S]*ALLOW_PRIVATE_HOSTS: "10\.0\.0\.1\/8" has bits set/,
    );
  });
});

describe("OAuth providers", () => {
  it("are off by default and on with both halves", () => {
    expect(parseEnv({}).AUTH_GITHUB_ID).toBeUndefined();
    expect(parseEnv({ AUTH_GITHUB_ID: "id", AUTH_GITHUB_SECRET: "secret" }).AUTH_GITHUB_ID).toBe("id");
  });

  it("refuse a half-configured provider, naming what is missing", () => {
    expect(() => parseEnv({ AUTH_DISCORD_ID: "id" })).toThrow(/AUTH_DISCORD_SECRET: required with AUTH_DISCORD_ID/);
    expect(() => parseEnv({ AUTH_OIDC_ID: "id", AUTH_OIDC_SECRET: "s" })).toThrow(/AUTH_OIDC_ISSUER: required/);
  });
});

describe("assertProductionSecrets", () => {
  it("stops production on an external database without AUTH_SECRET, naming it", () => {
    const env = parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://db.example/coterie" });
    expect(() => assertProductionSecrets(env)).toThrow(/Missing required setting AUTH_SECRET/);
  });

  it("lets the embedded single-box mode generate its own secret", () => {
    expect(() => assertProductionSecrets(parseEnv({ NODE_ENV: "production" }))).not.toThrow();
  });

  it("accepts production with a configured secret", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      DATABASE_URL: "postgres://db.example/coterie",
      AUTH_SECRET: "x".repeat(48),
    });
    expect(() => assertProductionSecrets(env)).not.toThrow();
  });
});
