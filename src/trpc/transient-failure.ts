import { TRPCClientError } from "@trpc/client";

/**
 * Worth another try: the request got no answer (offline, server restarting), the server failed, or it asked for
 * patience. A refusal (not found, forbidden, invalid) would only be refused again.
 */
export function isTransientFailure(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return true;
  const status = (error.data as { httpStatus?: unknown } | undefined)?.httpStatus;
  return typeof status !== "number" || status >= 500 || status === 429;
}
