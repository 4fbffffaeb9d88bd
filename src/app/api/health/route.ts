import { NextResponse } from "next/server";
import { databaseConnection } from "@/server/db";
import { readSystemStatus } from "@/server/system/status";

export const dynamic = "force-dynamic";

export async function GET() {
  const connection = databaseConnection();
  const status = await readSystemStatus(connection.db, connection.driver);
  return NextResponse.json(status, {
    status: status.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
