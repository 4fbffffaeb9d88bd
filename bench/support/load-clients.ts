/**
 * What bench:load sends, as a browser would over HTTP: tRPC queries (GET, input in the URL) and mutations (POST,
 * same-origin), each from its own client address in X-Forwarded-For (the app runs with TRUST_PROXY=1), so the
 * per-address rate limits of public endpoints count many visitors rather than one.
 */
import type autocannon from "autocannon";

let clientCounter = 0;

/** A fresh address in 10.0.0.0/8 for each call: 16 million visitors before one repeats. */
export function nextClientAddress(): string {
  clientCounter = (clientCounter + 1) % 0xffffff || 1;
  return `10.${(clientCounter >> 16) & 255}.${(clientCounter >> 8) & 255}.${clientCounter & 255}`;
}

export function trpcQueryPath(procedure: string, input: unknown): string {
  return `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
}

export function trpcMutationBody(input: unknown): string {
  return JSON.stringify({ json: input });
}

/** An autocannon request that gets its own client address each time it is sent. */
export function fromManyClients(request: autocannon.Request): autocannon.Request {
  return {
    ...request,
    setupRequest: (built) => ({ ...built, headers: { ...built.headers, "x-forwarded-for": nextClientAddress() } }),
  };
}

type TCallOptions = { cookie?: string };

/** The app's origin and the way a same-origin page talks to it. */
export function appClient(url: string) {
  const headers = (options: TCallOptions = {}) => ({
    origin: url,
    "x-forwarded-for": nextClientAddress(),
    ...(options.cookie ? { cookie: options.cookie } : {}),
  });

  async function unwrap<T>(response: Response, procedure: string): Promise<T> {
    const body = (await response.json()) as { result?: { data: { json: T } }; error?: { json: { message: string } } };
    if (!response.ok || !body.result) throw new Error(`${procedure}: HTTP ${response.status} ${body.error?.json.message ?? ""}`);
    return body.result.data.json;
  }

  return {
    url,
    headers,
    /** POST a tRPC mutation; returns the response itself, for callers that count statuses. */
    mutate: (procedure: string, input: unknown, options: TCallOptions = {}) =>
      fetch(`${url}/api/trpc/${procedure}`, { method: "POST", headers: { ...headers(options), "content-type": "application/json" }, body: trpcMutationBody(input) }),
    async mutation<T>(procedure: string, input: unknown, options: TCallOptions = {}): Promise<T> {
      return unwrap<T>(await this.mutate(procedure, input, options), procedure);
    },
    async query<T>(procedure: string, input: unknown, options: TCallOptions = {}): Promise<T> {
      return unwrap<T>(await fetch(`${url}${trpcQueryPath(procedure, input)}`, { headers: headers(options) }), procedure);
    },
  };
}

export type TAppClient = ReturnType<typeof appClient>;

/** The `name=value` of the session cookie a response set. */
export function sessionCookieOf(response: Response): string {
  const cookie = response.headers.getSetCookie().find((value) => /session/i.test(value.split("=")[0] ?? ""));
  if (!cookie) throw new Error(`no session cookie in the response (HTTP ${response.status})`);
  return cookie.split(";")[0]!;
}
