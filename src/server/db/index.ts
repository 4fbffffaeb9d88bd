/**
 * The process-wide database. The custom server opens it and applies migrations before it serves; Next.js route
 * bundles are a separate module graph in the same process, so the connection lives on globalThis where both
 * find the same one (two PGlite instances on one directory would corrupt it).
 */
import path from "node:path";
import { env } from "@/env";
import { processGlobal } from "@/server/process-global";
import { openDatabase, type TDatabase, type TDatabaseConnection, type TDatabaseTarget } from "./client";

const sharedConnection = processGlobal<TDatabaseConnection>("database");

/** Written by `npm run build`; without it a first start simply runs initdb, seconds slower. */
const PGLITE_TEMPLATE = path.join(process.cwd(), "dist", "pglite-template.tar.gz");

export function databaseTargetFromEnv(): TDatabaseTarget {
  if (env.DATABASE_URL) return { driver: "postgres", url: env.DATABASE_URL };
  return { driver: "pglite", dataDir: path.join(env.DATA_DIR, "pglite"), templateFile: PGLITE_TEMPLATE };
}

export function databaseConnection(): TDatabaseConnection {
  let connection = sharedConnection.get();
  if (!connection) {
    connection = openDatabase(databaseTargetFromEnv());
    sharedConnection.set(connection);
  }
  return connection;
}

export function database(): TDatabase {
  return databaseConnection().db;
}

export async function closeDatabase(): Promise<void> {
  const connection = sharedConnection.get();
  sharedConnection.set(undefined);
  await connection?.close();
}
