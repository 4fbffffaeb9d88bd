/**
 * A `fetch` for URLs the server did not choose. Before each request, and again at every redirect, it resolves
 * the host (every address) and refuses it unless all of them are public or allowed by the policy; the connection
 * is then pinned to those checked addresses. Redirects are followed here, at most `maxRedirects` of them, and
 * credentials do not follow a redirect to another origin. The response streams through as it arrives, capped
 * in size, and the whole exchange is bounded in time (waiting for headers, and in total) besides the caller's
 * own AbortSignal.
 */
import "server-only";
import { lookup } from "node:dns/promises";
import { fetch as undiciFetch, type RequestInit as UndiciRequestInit, type Response as UndiciResponse } from "undici";
import { logger } from "@/server/logger";
import { parseIpAddress } from "./address-ranges";
import { cappedBody } from "./capped-body";
import { permitsTarget } from "./host-rules";
import { OutboundFetchError } from "./outbound-errors";
import type { TOutboundPolicy } from "./outbound-policy";
import { borrowPinnedAgent, type TResolvedAddress } from "./pinned-agents";

export type TFetch = typeof globalThis.fetch;

export type TFetchLimits = {
  /** Bytes of (decoded) body; past them the body fails. */
  maxResponseBytes: number;
  /** From sending each request until its response headers arrive. */
  headersTimeoutMs: number;
  /** From the call until the body's last byte, redirects included. */
  totalTimeoutMs: number;
  maxRedirects: number;
};

export const DEFAULT_FETCH_LIMITS: TFetchLimits = { maxResponseBytes: 8 * 1024 * 1024, headersTimeoutMs: 30_000, totalTimeoutMs: 60_000, maxRedirects: 5 };

export type TResolveHost = (hostname: string) => Promise<TResolvedAddress[]>;

export type TGuardedFetchOptions = {
  policy: () => Promise<TOutboundPolicy>;
  limits?: Partial<TFetchLimits>;
  /** The system resolver unless a test supplies its own. */
  resolveHost?: TResolveHost;
};

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([204, 205, 304]);
/** What may follow a redirect to another origin: nothing that carries a key or a session. */
const CROSS_ORIGIN_HEADERS = new Set(["accept", "accept-language", "content-language", "content-type", "user-agent"]);
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];

type TRequest = { url: URL; method: string; headers: Headers; body: BodyInit | null; signal: AbortSignal | null; redirect: RequestRedirect };

async function requestOf(input: string | URL | Request, init: RequestInit | undefined): Promise<TRequest> {
  if (input instanceof Request) {
    return {
      url: new URL(input.url),
      method: (init?.method ?? input.method).toUpperCase(),
      headers: new Headers(init?.headers ?? input.headers),
      // Read once, so it can be sent again after a 307/308.
      body: init?.body ?? (input.body ? await input.arrayBuffer() : null),
      signal: init?.signal ?? input.signal,
      redirect: init?.redirect ?? input.redirect,
    };
  }
  return {
    url: new URL(input),
    method: (init?.method ?? "GET").toUpperCase(),
    headers: new Headers(init?.headers),
    body: init?.body ?? null,
    signal: init?.signal ?? null,
    redirect: init?.redirect ?? "follow",
  };
}

/** One AbortSignal for the whole exchange: the caller's abort (with its own reason) or our time limits. */
function startDeadline(totalTimeoutMs: number, callerSignal: AbortSignal | null) {
  const controller = new AbortController();
  const fail = (reason: unknown) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const onCallerAbort = () => fail(callerSignal?.reason);
  const timer = setTimeout(() => fail(new OutboundFetchError("timed_out")), totalTimeoutMs);
  timer.unref();
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    fail,
    end: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
  };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort)).catch(() => undefined);
  });
}

async function systemResolve(hostname: string): Promise<TResolvedAddress[]> {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

/** The addresses `url` may be fetched from, or the refusal. */
async function checkedAddresses(url: URL, policy: TOutboundPolicy, resolveHost: TResolveHost, signal: AbortSignal): Promise<TResolvedAddress[]> {
  const refuse = (): never => {
    logger.info({ host: url.hostname, port: url.port || null }, "refused a request to a private or unsupported address");
    throw new OutboundFetchError("refused");
  };
  if (url.protocol !== "http:" && url.protocol !== "https:") refuse();
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  const literal = parseIpAddress(hostname);
  let resolved: TResolvedAddress[];
  if (literal) {
    resolved = [{ address: hostname, family: literal.family }];
  } else {
    try {
      resolved = await untilAborted(resolveHost(hostname), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      // As fetch reports a name that does not resolve, so callers explain it the same way.
      throw new TypeError("fetch failed", { cause: error });
    }
  }
  const addresses = resolved.map(({ address }) => parseIpAddress(address));
  if (!addresses.every((address) => address !== null) || !permitsTarget(policy.allowedPrivateHosts, { hostname, port, addresses })) refuse();
  return resolved;
}

/** Method, body and headers for the next hop, as browsers follow redirects. */
function nextHop(status: number, from: URL, to: URL, request: Pick<TRequest, "method" | "headers" | "body">): Pick<TRequest, "method" | "headers" | "body"> {
  const headers = new Headers(request.headers);
  let { method, body } = request;
  if (status === 303 ? method !== "HEAD" : (status === 301 || status === 302) && method === "POST") {
    method = "GET";
    body = null;
    for (const name of BODY_HEADERS) headers.delete(name);
  } else if (body instanceof ReadableStream) {
    throw new TypeError("fetch failed", { cause: new Error("A streamed request body cannot follow a redirect.") });
  }
  if (to.origin !== from.origin) {
    for (const name of [...headers.keys()]) if (!CROSS_ORIGIN_HEADERS.has(name)) headers.delete(name);
  }
  return { method, headers, body };
}

function deliver(response: UndiciResponse, url: URL, redirected: boolean, maxBytes: number, finish: () => void): Response {
  if (Number(response.headers.get("content-length")) > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    finish();
    throw new OutboundFetchError("too_large");
  }
  const source = response.body as ReadableStream<Uint8Array> | null;
  const body = source && !NULL_BODY_STATUSES.has(response.status) ? cappedBody(source, maxBytes, finish) : null;
  if (!body) {
    void source?.cancel().catch(() => undefined);
    finish();
  }
  const delivered = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers as unknown as Headers });
  Object.defineProperties(delivered, { url: { value: url.href }, redirected: { value: redirected } });
  return delivered;
}

export function createGuardedFetch(options: TGuardedFetchOptions): TFetch {
  const limits = { ...DEFAULT_FETCH_LIMITS, ...options.limits };
  const resolveHost = options.resolveHost ?? systemResolve;
  return async function guardedFetch(input, init) {
    const request = await requestOf(input, init);
    const deadline = startDeadline(limits.totalTimeoutMs, request.signal);
    try {
      const policy = await untilAborted(options.policy(), deadline.signal);
      let { url } = request;
      let hop: Pick<TRequest, "method" | "headers" | "body"> = request;
      for (let redirects = 0; ; redirects++) {
        const addresses = await checkedAddresses(url, policy, resolveHost, deadline.signal);
        const { agent, release } = borrowPinnedAgent(url.origin, addresses);
        let response: UndiciResponse;
        const headersTimer = setTimeout(() => deadline.fail(new OutboundFetchError("timed_out")), limits.headersTimeoutMs);
        try {
          response = await undiciFetch(url, {
            method: hop.method,
            headers: hop.headers,
            body: hop.body,
            signal: deadline.signal,
            redirect: "manual",
            dispatcher: agent,
            ...(hop.body instanceof ReadableStream ? { duplex: "half" } : {}),
          } as UndiciRequestInit);
        } catch (error) {
          release();
          throw error;
        } finally {
          clearTimeout(headersTimer);
        }
        const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get("location") : null;
        if (location === null || request.redirect === "manual") {
          return deliver(response, url, redirects > 0, limits.maxResponseBytes, () => {
            release();
            deadline.end();
          });
        }
        await response.body?.cancel().catch(() => undefined);
        release();
        if (request.redirect === "error") throw new TypeError("fetch failed", { cause: new Error("The address redirected.") });
        if (redirects >= limits.maxRedirects) throw new OutboundFetchError("too_many_redirects");
        const next = new URL(location, url);
        hop = nextHop(response.status, url, next, hop);
        url = next;
      }
    } catch (error) {
      deadline.end();
      throw error;
    }
  };
}
