/** tRPC for React Server Components: calls procedures in-process, with the same context an HTTP call gets. */
import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { createCaller } from "@/server/api/root";
import { createRequestContext } from "@/server/api/request-context";

/** A caller bound to the current request; use it in server components and server actions. */
export const serverApi = cache(async () => {
  const requestHeaders = new Headers(await headers());
  requestHeaders.set("x-trpc-source", "rsc");
  return createCaller(await createRequestContext(requestHeaders, null));
});
