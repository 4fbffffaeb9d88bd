/** Everything a browser needs to join signaling: a fresh peer ID, its token, and ICE servers. */
import { env } from "@/env";
import type { TDatabase } from "@/server/db/client";
import { enforceRateLimit } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";
import { deriveKey } from "@/server/secrets";
import { iceServersFor, type TIceServer } from "./ice-servers";
import { issuePeerCredentials } from "./peer-token";
import { PEERJS_KEY, SIGNALING_PATH } from "./peer-server";

export type TSignalingCredentials = {
  peerId: string;
  token: string;
  expiresAt: Date;
  path: string;
  key: string;
  iceServers: TIceServer[];
};

export async function issueSignalingCredentials(db: TDatabase, clientIp: string): Promise<TSignalingCredentials> {
  await enforceRateLimit(db, "peer-credentials", clientIp, RATE_LIMITS.peerCredentialsPerIp);
  const credentials = issuePeerCredentials(deriveKey("peer-token"), env.PEER_TOKEN_TTL_SECONDS);
  const iceServers = iceServersFor(
    {
      stunUrls: env.ICE_STUN_URLS,
      turnUrls: env.ICE_TURN_URLS,
      turnSecret: env.TURN_SECRET,
      turnTtlSeconds: env.TURN_CREDENTIAL_TTL_SECONDS,
    },
    credentials.peerId,
  );
  return { ...credentials, path: SIGNALING_PATH, key: PEERJS_KEY, iceServers };
}
