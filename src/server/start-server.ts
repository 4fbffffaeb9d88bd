/**
 * Coterie's one process: Next.js and the PeerJS signaling server on one port. Start-up order matters: the
 * configuration is validated, the secret installed and migrations applied before the first request is served.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { assertProductionSecrets, env } from "@/env";
import { SECURE_COOKIES } from "@/server/auth/session-cookie";
import { databaseConnection, closeDatabase } from "@/server/db";
import { appliedMigrationCount } from "@/server/db/client";
import { CLIENT_IP_HEADER, clientIpOf, REQUEST_ID_HEADER } from "@/server/http/request-meta";
import { closeConnectionIfBodyUnread } from "@/server/http/unread-body";
import { logger } from "@/server/logger";
import { resealLegacyProviderKeys } from "@/server/models/reseal-provider-keys";
import { deleteExpiredRateLimitBuckets } from "@/server/rate-limit/rate-limit";
import { deleteExpiredRooms } from "@/server/rooms/rooms";
import { deleteExpiredShares, isShareLive } from "@/server/share/channels";
import { deriveKey, installAppSecret, resolveAppSecret } from "@/server/secrets";
import { isSessionLive } from "@/server/auth/sessions";
import { endWhatSessionsHeld } from "@/server/session-cleanup";
import { subjectLiveness } from "@/server/signaling/credentials";
import { createSignalingServer, runningSignalingServer } from "@/server/signaling/peer-server";

const CLEANUP_INTERVAL_MS = 10 * 60 * 1000;

export async function startServer(): Promise<void> {
  const dev = process.argv.includes("--dev");
  const startedAt = performance.now();
  assertProductionSecrets(env);
  if (!dev && !SECURE_COOKIES) {
    logger.warn("Session cookies are not marked Secure: set PUBLIC_URL to the https:// address when serving over TLS.");
  }
  installAppSecret(resolveAppSecret(env));

  // Next.js loads its bundles while the database opens and migrates; neither needs the other until we listen.
  const nextApp = next({ dev, dir: process.cwd(), hostname: env.HOSTNAME, port: env.PORT });
  const nextReady = nextApp.prepare();
  const connection = databaseConnection();
  await connection.migrate();
  const keys = await resealLegacyProviderKeys(connection.db);
  if (keys.resealed + keys.unreadable > 0) logger.info(keys, "provider keys bound to their rows");
  logger.info(
    {
      driver: connection.driver,
      migrations: await appliedMigrationCount(connection.db),
      ms: Math.round(performance.now() - startedAt),
    },
    "database ready",
  );
  await nextReady;
  const handleNextRequest = nextApp.getRequestHandler();
  const handleNextUpgrade = nextApp.getUpgradeHandler();

  const signaling = createSignalingServer({
    tokenKey: deriveKey("peer-token"),
    clientAddressOf: (request) => clientIpOf(request, env.TRUST_PROXY),
    isSubjectLive: subjectLiveness({ session: (sessionId) => isSessionLive(connection.db, sessionId), share: (shareId) => isShareLive(connection.db, shareId) }),
  });
  runningSignalingServer.set(signaling);
  endWhatSessionsHeld(connection.db, signaling);

  const server = createServer((request, response) => {
    stampRequest(request, response);
    closeConnectionIfBodyUnread(request, response);
    void handleNextRequest(request, response);
  });
  server.on("upgrade", (request: IncomingMessage, socket, head: Buffer) => {
    if (signaling.handleUpgrade(request, socket, head)) return;
    // Only the development server has other WebSockets (hot reload); in production nothing else upgrades.
    if (dev) void handleNextUpgrade(request, socket, head);
    else socket.destroy();
  });

  const cleanup = setInterval(() => {
    deleteExpiredRateLimitBuckets(connection.db).catch((error: unknown) =>
      logger.warn({ err: error }, "rate limit cleanup failed"),
    );
    deleteExpiredShares(connection.db).catch((error: unknown) => logger.warn({ err: error }, "share link cleanup failed"));
    deleteExpiredRooms(connection.db).catch((error: unknown) => logger.warn({ err: error }, "room cleanup failed"));
  }, CLEANUP_INTERVAL_MS);
  cleanup.unref();

  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOSTNAME, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  logger.info(
    { url: `http://localhost:${port}`, ms: Math.round(performance.now() - startedAt), dev },
    "Coterie is listening",
  );

  const shutdown = (signal: string) => {
    logger.info({ signal }, "shutting down");
    clearInterval(cleanup);
    signaling.close();
    server.closeAllConnections();
    server.close(() => {
      void closeDatabase().finally(() => process.exit(0));
    });
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

/** One request id per request (kept if a trusted proxy sent one), the client's address, and an access log line. */
function stampRequest(request: IncomingMessage, response: ServerResponse): void {
  const incomingId = env.TRUST_PROXY !== null ? request.headers[REQUEST_ID_HEADER] : undefined;
  const requestId = typeof incomingId === "string" && incomingId.length <= 128 ? incomingId : randomUUID();
  request.headers[REQUEST_ID_HEADER] = requestId;
  request.headers[CLIENT_IP_HEADER] = clientIpOf(request, env.TRUST_PROXY);
  response.setHeader(REQUEST_ID_HEADER, requestId);
  const started = performance.now();
  response.on("finish", () => {
    // The path only: query strings can carry tokens.
    const path = (request.url ?? "/").split("?")[0];
    logger.info(
      { requestId, method: request.method, path, status: response.statusCode, ms: Math.round(performance.now() - started) },
      "request",
    );
  });
}
