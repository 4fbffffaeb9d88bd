/** The tRPC context for a live request, shared by the HTTP handler and the React Server Component caller. */
import { createTRPCContext, type TRPCContext } from "@/server/api/trpc";
import { databaseConnection } from "@/server/db";
import { clientIpFromHeaders, REQUEST_ID_HEADER } from "@/server/http/request-meta";

export function createRequestContext(headers: Headers, responseHeaders: Headers | null): Promise<TRPCContext> {
  const connection = databaseConnection();
  return createTRPCContext({
    db: connection.db,
    dbDriver: connection.driver,
    clientIp: clientIpFromHeaders(headers),
    requestId: headers.get(REQUEST_ID_HEADER),
    headers,
    responseHeaders,
  });
}
