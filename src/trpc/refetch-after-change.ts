import type { QueryClient, QueryKey } from "@tanstack/react-query";

/**
 * Reads the affected queries again after a change made outside a tRPC mutation (an upload). Invalidating alone
 * is not enough: TanStack Query joins a refetch to a first fetch still in flight, which then delivers the answer
 * from before the change as fresh. Cancelling that fetch first makes the refetch a new request.
 */
export async function refetchAfterChange(queryClient: QueryClient, queryKey: QueryKey): Promise<void> {
  await queryClient.cancelQueries({ queryKey });
  await queryClient.invalidateQueries({ queryKey });
}
