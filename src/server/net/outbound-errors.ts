/**
 * What the guarded fetch throws. The messages are the same whatever the target did or would have done: a refused
 * address is refused before any connection, so the answer never tells whether a port is open or what an address
 * resolved to.
 */
export type TOutboundFailure = "refused" | "too_large" | "timed_out" | "too_many_redirects";

export const OUTBOUND_MESSAGES: Record<TOutboundFailure, string> = {
  refused: "The server refused this address.",
  too_large: "The answer was larger than the server accepts.",
  timed_out: "The server stopped waiting for an answer.",
  too_many_redirects: "The address redirected too many times.",
};

export class OutboundFetchError extends Error {
  constructor(readonly failure: TOutboundFailure) {
    super(OUTBOUND_MESSAGES[failure]);
    // Not "AbortError"/"TimeoutError": callers (the AI SDK among them) read those as the caller's own Stop.
    this.name = "OutboundFetchError";
  }
}

/** The guard's failure somewhere in an error's cause chain, as SDKs wrap what fetch threw. */
export function outboundFailureOf(error: unknown): OutboundFetchError | null {
  let current = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    if (current instanceof OutboundFetchError) return current;
    current = current.cause;
  }
  return null;
}
