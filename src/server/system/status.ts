/** What /api/health and the status widget report: whether each part Coterie stands on is working. */
import { sql } from "drizzle-orm";
import packageJson from "../../../package.json";
import { appliedMigrationCount, type TDatabase, type TDatabaseDriver } from "@/server/db/client";
import { databaseUnavailableError } from "@/server/db/unavailable";
import { logger } from "@/server/logger";
import { runningSignalingServer, SIGNALING_PATH } from "@/server/signaling/peer-server";

export type TPartStatus = "ok" | "down";

export type TSystemStatus = {
  status: "ok" | "degraded";
  version: string;
  database: { status: TPartStatus; driver: TDatabaseDriver; migrations: number };
  signaling: { status: TPartStatus; path: string; peers: number };
};

export async function readSystemStatus(db: TDatabase, driver: TDatabaseDriver): Promise<TSystemStatus> {
  const database = await databaseStatus(db, driver);
  const signalingServer = runningSignalingServer.get();
  const signaling = {
    status: signalingServer ? ("ok" as const) : ("down" as const),
    path: SIGNALING_PATH,
    peers: signalingServer?.connectedPeers() ?? 0,
  };
  return {
    status: database.status === "ok" && signaling.status === "ok" ? "ok" : "degraded",
    version: packageJson.version,
    database,
    signaling,
  };
}

async function databaseStatus(db: TDatabase, driver: TDatabaseDriver): Promise<TSystemStatus["database"]> {
  try {
    await db.execute(sql`select 1`);
    return { status: "ok", driver, migrations: await appliedMigrationCount(db) };
  } catch (error) {
    // An outage is logged once by unavailable.ts, not with a stack per health check.
    if (!databaseUnavailableError(error)) logger.error({ err: error }, "database health check failed");
    return { status: "down", driver, migrations: 0 };
  }
}
