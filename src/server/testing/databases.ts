/**
 * Real databases for integration tests: always embedded PGlite (in memory), and PostgreSQL too when
 * DATABASE_URL is set (CI sets it). Each test file gets its own fresh PostgreSQL database, dropped afterwards,
 * so files never see each other's rows.
 *
 * Test databases start with open registration, as the e2e server does (REGISTRATION_MODE=open), so every suite
 * can sign up as many people as it needs; suites about registration set the mode they test.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe } from "vitest";
import { connectPostgres, openDatabase, type TDatabaseConnection, type TDatabaseDriver } from "@/server/db/client";
import { instanceSettings } from "@/server/db/schema";

export type TTestDatabase = {
  connection: TDatabaseConnection;
  dispose: () => Promise<void>;
};

export function testDatabaseDrivers(): TDatabaseDriver[] {
  return process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export type TTestDatabaseOptions = {
  /** Migrate from this folder instead of `drizzle/`, and seed nothing (for tests of the migrations themselves). */
  migrationsFolder?: string;
};

async function prepare(connection: TDatabaseConnection, { migrationsFolder }: TTestDatabaseOptions): Promise<void> {
  await connection.migrate(migrationsFolder);
  if (!migrationsFolder) await connection.db.insert(instanceSettings).values({ key: "registration_mode", value: "open" });
}

export async function createTestDatabase(driver: TDatabaseDriver, options: TTestDatabaseOptions = {}): Promise<TTestDatabase> {
  if (driver === "pglite") {
    const connection = openDatabase({ driver: "pglite", dataDir: null });
    await prepare(connection, options);
    return { connection, dispose: () => connection.close() };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("DATABASE_URL is required for PostgreSQL integration tests");
  const name = `coterie_test_${randomBytes(6).toString("hex")}`;
  const admin = connectPostgres(serverUrl, 1);
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connection = openDatabase({ driver: "postgres", url: url.toString(), maxConnections: 4 });
  await prepare(connection, options);
  return {
    connection,
    dispose: async () => {
      await connection.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/**
 * Defines the suite once per available database. `database()` returns the connection inside tests and hooks.
 */
export function describeWithDatabases(title: string, define: (database: () => TDatabaseConnection) => void): void {
  for (const driver of testDatabaseDrivers()) {
    describe(`${title} [${driver}]`, () => {
      let handle: TTestDatabase | undefined;
      beforeAll(async () => {
        handle = await createTestDatabase(driver);
      });
      afterAll(async () => {
        await handle?.dispose();
      });
      define(() => {
        if (!handle) throw new Error("test database is not ready");
        return handle.connection;
      });
    });
  }
}
