/** Calls tRPC procedures in-process, with the context a real request would get. */
import { createCaller } from "@/server/api/root";
import type { TRPCContext, TSession } from "@/server/api/trpc";
import type { TDatabaseConnection } from "@/server/db/client";

export type TTestContextOptions = {
  session?: TSession | null;
  clientIp?: string;
};

export function createTestContext(connection: TDatabaseConnection, options: TTestContextOptions = {}): TRPCContext {
  return {
    db: connection.db,
    dbDriver: connection.driver,
    clientIp: options.clientIp ?? "203.0.113.10",
    requestId: null,
    headers: new Headers(),
    session: options.session ?? null,
  };
}

export function createTestCaller(connection: TDatabaseConnection, options?: TTestContextOptions) {
  return createCaller(createTestContext(connection, options));
}
