/**
 * Everything a browser needs to join signaling: a fresh peer ID, its token, ICE servers (TURN credentials
 * included) and the operator's ICE transport policy. Issued only against a capability: a signed-in device's session, or a share link someone opened or
 * unlocked; the token names it, so ending that capability ends the sockets registered with it.
 */
import { ID_PREFIXES, isIdOf } from "@/lib/ids";
import { z } from "zod";
import { env } from "@/env";
import type { TDatabase } from "@/server/db/client";
import { addressIdentity } from "@/server/rate-limit/address-identity";
import { enforceRateLimit } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";
import { deriveKey } from "@/server/secrets";
import { iceServersFor, ZIceTransportPolicy } from "./ice-servers";
import { issuePeerCredentials } from "./peer-token";
import { PEERJS_KEY, SIGNALING_PATH } from "./peer-server";

export const ZIceServer = z.object({
  urls: z.array(z.string()),
  username: z.string().optional(),
  credential: z.string().optional(),
});

export const ZSignalingCredentials = z.object({
  peerId: z.string(),
  token: z.string(),
  expiresAt: z.date(),
  path: z.string(),
  key: z.string(),
  iceServers: z.array(ZIceServer),
  iceTransportPolicy: ZIceTransportPolicy,
});
export type TSignalingCredentials = z.infer<typeof ZSignalingCredentials>;

/** `subject`: the session (`ses_…`) or share (`shr_…`) the credentials are issued for. */
export async function issueSignalingCredentials(db: TDatabase, clientIp: string, subject: string): Promise<TSignalingCredentials> {
  await enforceRateLimit(db, "peer-credentials", addressIdentity(clientIp), RATE_LIMITS.peerCredentialsPerIp);
  const credentials = issuePeerCredentials(deriveKey("peer-token"), subject, env.PEER_TOKEN_TTL_SECONDS);
  const iceServers = iceServersFor(
    {
      stunUrls: env.ICE_STUN_URLS,
      turnUrls: env.ICE_TURN_URLS,
      turnSecret: env.TURN_SECRET,
      turnTtlSeconds: env.TURN_CREDENTIAL_TTL_SECONDS,
    },
    credentials.peerId,
  );
  return { ...credentials, path: SIGNALING_PATH, key: PEERJS_KEY, iceServers, iceTransportPolicy: env.ICE_TRANSPORT_POLICY };
}

/** Checks, per kind of subject, whether it still exists; wired by start-server from the domains that own them. */
export type TSubjectCheckers = { session: (sessionId: string) => Promise<boolean>; share: (shareId: string) => Promise<boolean> };

export function subjectLiveness(checkers: TSubjectCheckers): (subject: string) => Promise<boolean> {
  return (subject) => (isIdOf(ID_PREFIXES.session, subject) ? checkers.session(subject) : isIdOf(ID_PREFIXES.share, subject) ? checkers.share(subject) : Promise.resolve(false));
}
