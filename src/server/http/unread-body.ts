/**
 * A response that starts before its request's body has fully arrived (a refusal: 401, 403, 413, 429…) closes
 * the connection once it is sent. Otherwise Node keeps the connection for the next request and goes on
 * reading, to discard it, whatever the client is still sending, for as long as it sends. Closing is also what
 * lets a refused body stay unread: Node only stops pulling it off the socket when the socket closes.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export function closeConnectionIfBodyUnread(request: IncomingMessage, response: ServerResponse): void {
  // Every way of starting a response (writeHead, or the first write) goes through writeHead, the last moment
  // at which Node still decides Connection: keep-alive or close.
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
  response.writeHead = (...args: unknown[]) => {
    if (!request.complete) response.shouldKeepAlive = false;
    return writeHead(...args);
  };
}
