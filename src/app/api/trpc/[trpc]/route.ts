import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createRequestContext } from "@/server/api/request-context";
import { retryAfterResponseMeta } from "@/server/api/trpc";
import { trpcBodyLimit } from "@/server/api/request-body-limit";
import { limitRequestBody } from "@/server/http/limited-body";

/**
 * tRPC reads the whole body itself and has no size option in its fetch adapter, so it is handed a request
 * whose body fails past the cap; the procedure then answers PAYLOAD_TOO_LARGE (413) in the usual error shape.
 */
function handler(request: Request) {
  const limited = limitRequestBody(request, trpcBodyLimit(new URL(request.url).pathname));
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: limited.request,
    router: appRouter,
    createContext: ({ resHeaders }) => createRequestContext(request.headers, resHeaders),
    responseMeta: retryAfterResponseMeta,
  });
}

export { handler as GET, handler as POST };
