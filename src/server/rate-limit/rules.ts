/** Every rate limit in one place, so they can be reviewed together. */
import type { TRateLimitRule } from "./rate-limit";

export const RATE_LIMITS = {
  /** Generous for reloads and reconnects, far below what ID-space exhaustion or log spam would need. */
  peerCredentialsPerIp: { limit: 60, windowSeconds: 60 },
  /** Wrong passwords for one username from one address: a guesser stops here; the owner elsewhere is untouched. */
  signInFailuresPerAddressAndUsername: { limit: 10, windowSeconds: 15 * 60 },
  /** Wrong passwords for one username from anywhere: slower, against guesses spread over many addresses. */
  signInFailuresPerUsername: { limit: 50, windowSeconds: 60 * 60 },
  /** Wrong passwords from one address across usernames (credential stuffing). */
  signInFailuresPerAddress: { limit: 30, windowSeconds: 15 * 60 },
  /** Confirming a password for a sensitive change (a new password, deleting the account). */
  passwordConfirmationsPerUser: { limit: 10, windowSeconds: 15 * 60 },
  /** Setting a password through a one-time link (each attempt hashes one). */
  passwordResetsPerAddress: { limit: 30, windowSeconds: 15 * 60 },
  signUpPerIp: { limit: 10, windowSeconds: 60 * 60 },
  /** Generations are paid for with the user's own keys; this only stops a runaway script. */
  generationsPerUser: { limit: 120, windowSeconds: 60 },
  /** Opening a share link is cheap, but answering floods would let someone enumerate slugs faster. */
  shareOpenPerIp: { limit: 60, windowSeconds: 60 },
  /** Wrong password guesses: per link (from anywhere) and per address (across links); then locked for the window. */
  shareUnlockPerChannel: { limit: 10, windowSeconds: 15 * 60 },
  shareUnlockPerIp: { limit: 30, windowSeconds: 15 * 60 },
  shareCreatePerUser: { limit: 60, windowSeconds: 60 * 60 },
  roomCreatePerUser: { limit: 30, windowSeconds: 60 * 60 },
  /** Joins and rejoins (each reload is one); far above what a person does, low enough to stop seat churning. */
  roomJoinPerUser: { limit: 60, windowSeconds: 60 },
  /** Each test or refresh is a request to the provider. */
  providerChecksPerUser: { limit: 30, windowSeconds: 60 },
  /**
   * Character imports (each up to 20 files, its pictures within one pixel budget): a person importing a whole
   * library in batches stays under it; a script keeping the server decoding images does not.
   */
  characterImportsPerUser: { limit: 60, windowSeconds: 60 * 60 },
} satisfies Record<string, TRateLimitRule>;
