/**
 * Auth.js builds its callback and redirect URLs from the URL of the request it is given, and Next.js builds that
 * from the Host header, which anyone can forge. With PUBLIC_URL set, Auth.js is given the request on that origin
 * instead, whatever Host (or X-Forwarded-Host) said. Without it (a LAN install reached by IP or name), the request
 * keeps its own host.
 */
import { NextRequest } from "next/server";

export function atPublicOrigin(request: NextRequest, publicUrl: string | undefined): NextRequest {
  if (!publicUrl) return request;
  const origin = new URL(publicUrl);
  const url = new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, origin.origin);
  const headers = new Headers(request.headers);
  headers.set("host", origin.host);
  headers.set("x-forwarded-proto", origin.protocol.replace(/:$/, ""));
  headers.delete("x-forwarded-host");
  return new NextRequest(url, {
    method: request.method,
    headers,
    body: request.body,
    // Node's fetch Request needs this to pass a streamed body on.
    duplex: "half",
  });
}
