/**
 * Facts about a request that only the custom server can know (the socket's address) travel to Next.js route
 * handlers as headers the server sets itself, after deleting any a client tried to send.
 */
import type { IncomingMessage } from "node:http";
import proxyAddress from "proxy-addr";
import type { TTrustProxy } from "@/env";

export const CLIENT_IP_HEADER = "x-coterie-client-ip";
export { REQUEST_ID_HEADER } from "@/server/logger";

type TTrustFunction = (address: string, hop: number) => boolean;

/** proxy-addr walks X-Forwarded-For from the right and stops at the first address it does not trust. */
export function trustFunctionOf(trust: NonNullable<TTrustProxy>): TTrustFunction {
  if ("hops" in trust) return (_address, hop) => hop < trust.hops;
  return proxyAddress.compile(trust.ranges);
}

/** The client's address: the socket's, or behind trusted proxies the rightmost forwarded one they did not add. */
export function clientIpOf(request: IncomingMessage, trust: TTrustProxy): string {
  const address = trust ? proxyAddress(request, trustFunctionOf(trust)) : request.socket.remoteAddress;
  return address ?? "unknown";
}

/** The address the server stamped; "unknown" when a route runs outside the custom server (never in production). */
export function clientIpFromHeaders(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
