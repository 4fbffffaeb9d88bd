import { describe, expect, it } from "vitest";
import { assertProductionSecrets, EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("gives a fresh machine working defaults", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATA_DIR).toBe(".data");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.ICE_STUN_URLS).toEqual([]);
    expect(env.TRUST_PROXY).toBe(false);
  });

  it("treats empty values as unset and splits lists", () => {
    const env = parseEnv({ PORT: "", ICE_STUN_URLS: " stun:a.example:3478 , stun:b.example:3478,", TRUST_PROXY: "1" });
    expect(env.PORT).toBe(3000);
    expect(env.ICE_STUN_URLS).toEqual(["stun:a.example:3478", "stun:b.example:3478"]);
    expect(env.TRUST_PROXY).toBe(true);
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
