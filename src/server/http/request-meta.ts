/**
 * Facts about a request that only the custom server can know (the socket's address) travel to Next.js route
 * handlers as headers the server sets itself, after deleting any a client tried to send.
 */
import type { IncomingMessage } from "node:http";

export const CLIENT_IP_HEADER = "x-coterie-client-ip";
export { REQUEST_ID_HEADER } from "@/server/logger";

export function clientIpOf(request: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return request.socket.remoteAddress ?? "unknown";
}

/** The address the server stamped; "unknown" when a route runs outside the custom server (never in production). */
export function clientIpFromHeaders(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
