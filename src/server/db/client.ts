/**
 * Opens the database: PostgreSQL when a URL is given, otherwise embedded PGlite (file-backed, or in memory for
 * tests). Both speak the same SQL and run the same migrations, so the rest of the code sees one `TDatabase`.
 */
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite/vector";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import * as schema from "./schema";

export type TSchema = typeof schema;
export type TDatabase = PgDatabase<PgQueryResultHKT, TSchema>;
export type TDatabaseDriver = "postgres" | "pglite";

export type TDatabaseConnection = {
  db: TDatabase;
  driver: TDatabaseDriver;
  /** Applies pending migrations from the committed `drizzle/` folder (tests may name another). */
  migrate: (migrationsFolder?: string) => Promise<void>;
  close: () => Promise<void>;
};

export type TDatabaseTarget =
  | { driver: "postgres"; url: string; maxConnections?: number }
  | {
      driver: "pglite";
      /** null: in memory. */
      dataDir: string | null;
      /** Path of a gzipped empty data directory, unpacked instead of running initdb (see build-pglite-template). */
      templateFile?: string;
    };

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");

/**
 * While the server is down, requests should fail within moments (503, see unavailable.ts) and succeed again as
 * soon as it is back. postgres.js waits up to 30 s for a connection by default, and after each failed attempt
 * holds the next one back for up to 20 s (3^attempts / 100 s), with queued queries waiting behind it. Here a
 * connection gets 3 s, and the wait between attempts grows by 10 ms per failure to at most 50 ms: a pool of 10
 * then tries at most 200 times a second, cheap for a server that refuses or says it is starting up, and a
 * request waits for about one attempt before its 503.
 */
const CONNECT_TIMEOUT_SECONDS = 3;
const reconnectDelaySeconds = (failedAttempts: number) => Math.min(0.01 * failedAttempts, 0.05);

/**
 * A postgres.js client for a connection URL. Accepts libpq's `?host=/socket/dir` form for Unix sockets, which
 * postgres.js itself does not read from URLs.
 */
export function connectPostgres(url: string, maxConnections: number): postgres.Sql {
  const parsed = new URL(url);
  const socketDirectory = parsed.searchParams.get("host");
  if (socketDirectory?.startsWith("/")) parsed.searchParams.delete("host");
  return postgres(parsed.toString(), {
    max: maxConnections,
    host: socketDirectory?.startsWith("/") ? socketDirectory : undefined,
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    backoff: reconnectDelaySeconds,
    // Migrations print NOTICEs ("extension already exists"); they are not worth a log line.
    onnotice: () => undefined,
  });
}

export function openDatabase(target: TDatabaseTarget): TDatabaseConnection {
  if (target.driver === "postgres") {
    const client = connectPostgres(target.url, target.maxConnections ?? 10);
    const db = drizzlePostgres(client, { schema });
    return {
      db,
      driver: "postgres",
      migrate: (migrationsFolder = MIGRATIONS_FOLDER) => migratePostgres(db, { migrationsFolder }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const client = new PGlite({
    dataDir: target.dataDir ?? undefined,
    extensions: { vector },
    loadDataDir:
      target.templateFile && isEmptyDataDir(target.dataDir) && existsSync(target.templateFile)
        ? new Blob([readFileSync(target.templateFile)])
        : undefined,
  });
  const db = drizzlePglite(client, { schema });
  return {
    db,
    driver: "pglite",
    migrate: (migrationsFolder = MIGRATIONS_FOLDER) => migratePglite(db, { migrationsFolder }),
    close: () => client.close(),
  };
}

function isEmptyDataDir(dataDir: string | null): boolean {
  return dataDir === null || !existsSync(path.join(dataDir, "PG_VERSION"));
}

/** How many migrations the database has applied (0 before the first run). */
export async function appliedMigrationCount(db: TDatabase): Promise<number> {
  const exists = await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!rows<{ present: boolean }>(exists)[0]?.present) return 0;
  const counted = await db.execute(sql`select count(*)::int as count from drizzle.__drizzle_migrations`);
  return rows<{ count: number }>(counted)[0]?.count ?? 0;
}

/** postgres-js returns rows as the result itself, PGlite under `.rows`; this hides the difference. */
export function rows<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}
