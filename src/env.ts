/**
 * The one place that reads process.env. Every setting is validated here at start, so a typo in a deployment
 * fails loudly instead of surfacing as a strange bug later. Secrets that production must provide are checked by
 * `assertProductionSecrets()`, which the server calls before it listens.
 */
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { parseOutboundRule, type TOutboundRule } from "./server/net/host-rules";
import { ZRegistrationMode } from "@/lib/operators/registration-mode";
import { ZIceTransportPolicy } from "./server/signaling/ice-servers";

const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

/**
 * Which reverse proxies are trusted to say who the client is: none (the socket's address is the client), a number
 * of proxy hops in front of Coterie (`true` means one), or the proxies' addresses and ranges. The client is then
 * the rightmost address in X-Forwarded-For that is not a trusted proxy, never the leftmost, which anyone can write.
 */
export type TTrustProxy = { hops: number } | { ranges: string[] } | null;

const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

const trustProxySetting = z
  .string()
  .optional()
  .transform((value, context): TTrustProxy => {
    const text = (value ?? "").trim().toLowerCase();
    if (text === "" || text === "false" || text === "0") return null;
    if (text === "true") return { hops: 1 };
    if (/^\d{1,2}$/.test(text)) return { hops: Number(text) };
    const ranges = text.split(",").map((item) => item.trim()).filter(Boolean);
    const invalid = ranges.filter((range) => !PROXY_RANGE_NAMES.has(range) && !ipaddr.isValid(range) && !ipaddr.isValidCIDR(range));
    if (invalid.length > 0) {
      context.addIssue({ code: "custom", message: `not a hop count, address or CIDR range: ${invalid.join(", ")}` });
      return z.NEVER;
    }
    return { ranges };
  });

/** Each entry a hostname, IP address or CIDR range, optionally with :port (see server/net/host-rules.ts). */
const outboundRules = commaList.transform((entries, context) => {
  const rules: TOutboundRule[] = [];
  for (const entry of entries) {
    const parsed = parseOutboundRule(entry);
    if (parsed.ok) rules.push(parsed.rule);
    else context.addIssue({ code: "custom", message: parsed.problem });
  }
  return rules;
});

export const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOSTNAME: z.string().min(1).default("0.0.0.0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** PostgreSQL connection string; when absent Coterie runs on embedded PGlite under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * The address people use to reach Coterie, e.g. https://coterie.example.org. With https, cookies are Secure
   * (and __Host- prefixed); OAuth callbacks are built from it. Unset: the request's own host, cookies for http.
   */
  PUBLIC_URL: z.string().url().optional(),
  /** Where the embedded database and the generated local secret live. */
  DATA_DIR: z.string().min(1).default(".data"),
  /** The app's master secret (≥ 32 characters); every purpose-specific key is derived from it. */
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  /**
   * Former AUTH_SECRET values, comma-separated, while rotating: provider keys sealed under them are still read
   * and re-sealed under the current secret the next time they are used. Remove them once rotation is done.
   */
  AUTH_SECRET_PREVIOUS: commaList,
  /** OAuth / OIDC sign-in: each provider is on when its client ID and secret are set. */
  AUTH_GITHUB_ID: z.string().optional(),
  AUTH_GITHUB_SECRET: z.string().optional(),
  AUTH_DISCORD_ID: z.string().optional(),
  AUTH_DISCORD_SECRET: z.string().optional(),
  AUTH_GOOGLE_ID: z.string().optional(),
  AUTH_GOOGLE_SECRET: z.string().optional(),
  /** Any OpenID Connect issuer (Keycloak, Authentik, Authelia, …). */
  AUTH_OIDC_ISSUER: z.string().url().optional(),
  AUTH_OIDC_ID: z.string().optional(),
  AUTH_OIDC_SECRET: z.string().optional(),
  AUTH_OIDC_NAME: z.string().min(1).max(40).default("Single sign-on"),
  /**
   * Who may create an account: open, invite (invite links from an administrator) or closed. Set, it is fixed and the
   * admin page only shows it; unset, the admin page chooses (invite-only by default).
   */
  REGISTRATION_MODE: ZRegistrationMode.optional(),
  /** Reverse proxies whose X-Forwarded-For names the client (rate limits, devices): see TTrustProxy. */
  TRUST_PROXY: trustProxySetting,
  /** STUN URLs handed to browsers, e.g. "stun:stun.example.org:3478". */
  ICE_STUN_URLS: commaList,
  /** TURN URLs (coturn with use-auth-secret); credentials are minted per request from TURN_SECRET. */
  ICE_TURN_URLS: commaList,
  TURN_SECRET: z.string().min(16, "TURN_SECRET must be at least 16 characters").optional(),
  /** A leaked TURN credential relays for at most this long; browsers fetch fresh ones for each connection. */
  TURN_CREDENTIAL_TTL_SECONDS: z.coerce.number().int().min(60).max(600, "TURN_CREDENTIAL_TTL_SECONDS must be at most 600 (10 minutes)").default(600),
  /** `relay`: browsers connect through TURN only, so no participant learns another's IP address. */
  ICE_TRANSPORT_POLICY: ZIceTransportPolicy.default("all"),
  /**
   * Private hosts and ranges the server may fetch when a person's URL points at them (Ollama on this machine, a
   * LAN box): by default it reaches public addresses only.
   */
  ALLOW_PRIVATE_HOSTS: outboundRules,
  /** How long a signaling token stays valid for registering a peer. */
  PEER_TOKEN_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
});

export type TEnv = z.infer<typeof ZEnv>;

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): TEnv {
  // Empty strings in .env files mean "unset", not "set to nothing".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = ZEnv.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid configuration:\n${problems.join("\n")}`);
  }
  const env = result.data;
  const problems: string[] = [];
  if (env.ICE_TURN_URLS.length > 0 && !env.TURN_SECRET) problems.push("TURN_SECRET: required when ICE_TURN_URLS is set");
  // Relay-only without a relay would leave every peer without a single candidate: nothing could ever connect.
  if (env.ICE_TRANSPORT_POLICY === "relay" && env.ICE_TURN_URLS.length === 0) problems.push("ICE_TURN_URLS: required when ICE_TRANSPORT_POLICY is relay");
  // A provider half-configured is almost always a typo: say so rather than silently leave it off.
  for (const [id, secret, extra] of [
    ["AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET"],
    ["AUTH_DISCORD_ID", "AUTH_DISCORD_SECRET"],
    ["AUTH_GOOGLE_ID", "AUTH_GOOGLE_SECRET"],
    ["AUTH_OIDC_ID", "AUTH_OIDC_SECRET", "AUTH_OIDC_ISSUER"],
  ] as const) {
    const names = extra ? [id, secret, extra] : [id, secret];
    const set = names.filter((name) => env[name] !== undefined);
    if (set.length > 0 && set.length < names.length) {
      problems.push(`${names.filter((name) => env[name] === undefined).join(", ")}: required with ${set.join(", ")}`);
    }
  }
  if (problems.length > 0) throw new EnvError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  return env;
}

/**
 * A deployment on an external database may run several app servers; they must share one secret, so it has to
 * come from the environment. The embedded single-box mode generates and keeps its own (see server/secrets.ts).
 */
export function assertProductionSecrets(current: TEnv): void {
  if (current.NODE_ENV === "production" && current.DATABASE_URL && !current.AUTH_SECRET) {
    throw new EnvError(
      "Missing required setting AUTH_SECRET: production with DATABASE_URL needs a shared secret " +
        "(generate one with `openssl rand -base64 48`).",
    );
  }
}

export const env: TEnv = parseEnv(process.env);
