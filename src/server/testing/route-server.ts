/**
 * Route handlers behind a real node:http server, handed requests the way Next.js under the custom server hands
 * them: the body is the socket's stream, pulled only as the handler reads it; the Response's status, headers
 * and body are written back; and a response that starts before the body is in closes the connection. Counts the bytes the server took off its sockets, so a test can tell
 * how much of a hostile upload was actually read.
 */
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { TDatabaseConnection } from "@/server/db/client";
import { closeConnectionIfBodyUnread } from "@/server/http/unread-body";
import { processGlobal } from "@/server/process-global";

export type TRouteHandler = (request: Request) => Promise<Response>;

export type TRouteServer = {
  origin: string;
  /** Bytes read off the connections so far (headers and chunk framing included). */
  bytesRead: () => number;
  close: () => Promise<void>;
};

/** Route handlers find the process's database in this slot (db/index.ts); tests put theirs there. */
export function setRouteDatabase(connection: TDatabaseConnection): void {
  processGlobal<TDatabaseConnection>("database").set(connection);
}

export async function serveRoute(handler: TRouteHandler): Promise<TRouteServer> {
  const sockets = new Set<Socket>();
  const server = createServer((incoming, outgoing) => {
    closeConnectionIfBodyUnread(incoming, outgoing);
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined) headers.append(name, item);
    }
    const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
    // As Next.js does: the request stream itself is the body, which undici pulls from as it is read.
    const init = { method: incoming.method, headers, body: hasBody ? incoming : undefined, duplex: "half" };
    void handler(new Request(`http://${incoming.headers.host}${incoming.url}`, init as RequestInit))
      .then(async (response) => {
        outgoing.writeHead(response.status, Object.fromEntries(response.headers));
        if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) outgoing.write(chunk);
        outgoing.end();
      })
      .catch(() => {
        outgoing.statusCode = 500;
        outgoing.end();
      });
  });
  server.on("connection", (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    bytesRead: () => [...sockets].reduce((total, socket) => total + socket.bytesRead, 0),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type TEndlessUpload = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** POSTs `prefix` and then bytes without end, chunked (no Content-Length), until the server answers. */
export function postEndlessBody(url: string, { headers = {}, prefix = "" }: { headers?: Record<string, string>; prefix?: string }): Promise<TEndlessUpload> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const chunk = Buffer.alloc(64 * 1024, "a");
    let answered = false;
    const client = httpRequest({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } });
    client.on("error", (error) => {
      // Writing into a connection the server has closed fails; that is expected once it has answered.
      if (!answered) reject(error);
    });
    client.on("response", (response) => {
      answered = true;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (text: string) => (body += text));
      response.on("end", () => {
        client.destroy();
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
      });
    });
    const pump = () => {
      while (!answered && !client.destroyed) {
        if (!client.write(chunk)) return void client.once("drain", pump);
      }
    };
    client.write(prefix);
    pump();
  });
}
