/**
 * ICE servers for browsers: STUN URLs as configured, and TURN with short-lived credentials in the form coturn
 * checks with `use-auth-secret` (the "TURN REST API"): username `<expiry>:<label>`, password
 * base64(HMAC-SHA1(secret, username)). No long-lived TURN password ever reaches a browser.
 */
import { createHmac } from "node:crypto";
import { z } from "zod";

/**
 * Which candidates browsers may use: `all` (direct where possible) or `relay` (through TURN only, so no
 * participant ever sees another's IP address, at the cost of TURN bandwidth). Passed to RTCPeerConnection as is.
 */
export const ZIceTransportPolicy = z.enum(["all", "relay"]);
export type TIceTransportPolicy = z.infer<typeof ZIceTransportPolicy>;

export type TIceServer = { urls: string[]; username?: string; credential?: string };

export type TIceConfig = {
  stunUrls: string[];
  turnUrls: string[];
  turnSecret?: string;
  turnTtlSeconds: number;
};

export function turnCredentials(
  secret: string,
  label: string,
  ttlSeconds: number,
  now: Date = new Date(),
): { username: string; credential: string; expiresAt: Date } {
  const expiresAtSeconds = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const username = `${expiresAtSeconds}:${label}`;
  const credential = createHmac("sha1", secret).update(username).digest("base64");
  return { username, credential, expiresAt: new Date(expiresAtSeconds * 1000) };
}

/** With nothing configured the list is empty: host candidates still serve same-machine and LAN peers. */
export function iceServersFor(config: TIceConfig, label: string, now?: Date): TIceServer[] {
  const servers: TIceServer[] = [];
  if (config.stunUrls.length > 0) servers.push({ urls: config.stunUrls });
  if (config.turnUrls.length > 0 && config.turnSecret) {
    const { username, credential } = turnCredentials(config.turnSecret, label, config.turnTtlSeconds, now);
    servers.push({ urls: config.turnUrls, username, credential });
  }
  return servers;
}
