"use client";

import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchStreamLink, httpLink, loggerLink, splitLink } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";
import { makeQueryClient } from "./query-client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** Procedure inputs and outputs by path, e.g. `RouterInputs["rooms"]["join"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

let browserQueryClient: QueryClient | undefined;

function getQueryClient(): QueryClient {
  // On the server every request gets its own client; in the browser one lives for the page's lifetime.
  if (typeof window === "undefined") return makeQueryClient();
  return (browserQueryClient ??= makeQueryClient());
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        // Failed calls show up in the browser console by procedure and message only: inputs carry passwords, keys and
        // share passwords, which must never reach the console (nor a screenshot or bug report of it).
        loggerLink({
          enabled: (op) => op.direction === "down" && op.result instanceof Error,
          logger: (op) => {
            if (op.direction === "down" && op.result instanceof Error) console.warn(`[trpc] ${op.type} ${op.path} failed: ${op.result.message}`);
          },
        }),
        // Streamed responses send their headers before the procedure finishes, so a mutation's Set-Cookie
        // (sign-in, sign-out) would be lost: mutations go over a plain request, queries stream in batches.
        splitLink({
          condition: (op) => op.type === "mutation",
          true: httpLink({ transformer: superjson, url: "/api/trpc", headers: () => ({ "x-trpc-source": "react" }) }),
          false: httpBatchStreamLink({ transformer: superjson, url: "/api/trpc", headers: () => ({ "x-trpc-source": "react" }) }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
