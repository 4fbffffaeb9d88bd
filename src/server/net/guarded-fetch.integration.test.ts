/**
 * The guarded fetch against real HTTP servers on 127.0.0.1 and [::1]: what it refuses by default, what a rule
 * opens, redirects, pinning, and the size and time caps, and that a streamed body still arrives piece by piece.
 */
import { lookup } from "node:dns/promises";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withTestLlm } from "@/server/testing/test-llm";
import { createGuardedFetch, type TFetchLimits, type TResolveHost } from "./guarded-fetch";
import { parseOutboundRule, type TOutboundRule } from "./host-rules";
import { OutboundFetchError, type TOutboundFailure } from "./outbound-errors";
import type { TResolvedAddress } from "./pinned-agents";

type TTestServer = { server: Server; port: number; hits: string[]; origin: string };

/** The response /lockstep holds open; the test writes to it one piece at a time. */
let lockstep: ServerResponse | null = null;

async function startServer(host: "127.0.0.1" | "::1", name: string): Promise<TTestServer> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://test");
    hits.push(url.pathname);
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      switch (url.pathname) {
        case "/hello":
          return response.end(`hello from ${name}`);
        case "/echo":
          response.writeHead(200, { "content-type": "application/json" });
          return response.end(JSON.stringify({ method: request.method, headers: request.headers, body: Buffer.concat(chunks).toString() }));
        case "/redirect":
          response.writeHead(Number(url.searchParams.get("status") ?? 302), { location: url.searchParams.get("to") ?? "/hello" });
          return response.end("moved");
        case "/loop":
          response.writeHead(302, { location: "/loop" });
          return response.end();
        case "/bytes": {
          const total = Number(url.searchParams.get("n"));
          if (url.searchParams.has("declared")) response.setHeader("content-length", total);
          const piece = Buffer.alloc(16 * 1024, 97);
          for (let sent = 0; sent < total; sent += piece.length) response.write(piece.subarray(0, Math.min(piece.length, total - sent)));
          return response.end();
        }
        case "/slow-headers":
          setTimeout(() => response.end("late"), 3_000).unref();
          return;
        case "/trickle": {
          response.writeHead(200, { "content-type": "text/plain" });
          const timer = setInterval(() => response.write("."), 50);
          response.on("close", () => clearInterval(timer));
          return;
        }
        case "/lockstep":
          response.writeHead(200, { "content-type": "text/event-stream" });
          response.flushHeaders();
          lockstep = response;
          return;
        default:
          response.statusCode = 404;
          response.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return { server, port, hits, origin: host === "::1" ? `http://[::1]:${port}` : `http://127.0.0.1:${port}` };
}

let v4: TTestServer;
let v4Other: TTestServer;
let v6: TTestServer;
let closedPort: number;
const llm = withTestLlm();

beforeAll(async () => {
  [v4, v4Other, v6] = await Promise.all([startServer("127.0.0.1", "v4"), startServer("127.0.0.1", "v4-other"), startServer("::1", "v6")]);
  const released = await startServer("127.0.0.1", "closed");
  closedPort = released.port;
  await new Promise((resolve) => released.server.close(resolve));
});
afterAll(async () => {
  for (const { server } of [v4, v4Other, v6]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
beforeEach(() => {
  for (const { hits } of [v4, v4Other, v6]) hits.length = 0;
});

/**
 * A resolver for names that exist only in this test, as a hostile DNS server would answer them (each name's
 * answers in turn, the last one repeated); other names go to the system resolver when `system` is set.
 */
function fakeResolver(answers: Record<string, TResolvedAddress[][]>, system = false): TResolveHost & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string): Promise<TResolvedAddress[]> => {
    calls.push(hostname);
    const queue = answers[hostname];
    const answer = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    if (answer) return answer;
    if (system) return (await lookup(hostname, { all: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
  };
  return Object.assign(resolve, { calls });
}

function guarded(allowed: string[] = [], limits: Partial<TFetchLimits> = {}, resolveHost?: TResolveHost) {
  const rules: TOutboundRule[] = allowed.map((text) => {
    const parsed = parseOutboundRule(text);
    if (!parsed.ok) throw new Error(parsed.problem);
    return parsed.rule;
  });
  return createGuardedFetch({ policy: () => Promise.resolve({ allowedPrivateHosts: rules }), limits, resolveHost });
}

async function failureOf(work: Promise<unknown>): Promise<{ failure: TOutboundFailure; message: string }> {
  try {
    await work;
  } catch (error) {
    if (error instanceof OutboundFetchError) return { failure: error.failure, message: error.message };
    throw error;
  }
  throw new Error("expected the guarded fetch to fail");
}

const loopbackName = (): TResolveHost => fakeResolver({ "rebound.test": [[{ address: "127.0.0.1", family: 4 }]] }, true);

describe("refused by default", () => {
  it.each([
    ["127.0.0.1", () => `${v4.origin}/hello`],
    ["localhost", () => `http://localhost:${v4.port}/hello`],
    ["[::1]", () => `${v6.origin}/hello`],
    ["::ffff:127.0.0.1", () => `http://[::ffff:127.0.0.1]:${v4.port}/hello`],
    ["0.0.0.0 (which Linux connects to this machine)", () => `http://0.0.0.0:${v4.port}/hello`],
    ["127.0.0.1 written as one number", () => `http://2130706433:${v4.port}/hello`],
    ["a hostname that resolves to loopback", () => `http://rebound.test:${v4.port}/hello`],
  ])("%s", async (_name, url) => {
    const refusal = await failureOf(guarded([], {}, loopbackName())(url()));
    expect(refusal).toEqual({ failure: "refused", message: "The server refused this address." });
    expect([...v4.hits, ...v6.hits]).toEqual([]);
  });

  it("refuses cloud metadata and non-HTTP schemes without trying them", async () => {
    const fetch = guarded();
    for (const url of ["http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/latest/", "http://[::ffff:169.254.169.254]/", "file:///etc/passwd"]) {
      expect((await failureOf(fetch(url))).failure, url).toBe("refused");
    }
  });

  it("says the same whether a port is open or closed", async () => {
    const open = await failureOf(guarded()(`${v4.origin}/hello`));
    const closed = await failureOf(guarded()(`http://127.0.0.1:${closedPort}/hello`));
    expect(closed).toEqual(open);
  });

  it("lets a public name through to the resolver and says when it does not resolve", async () => {
    const resolver = fakeResolver({});
    const error = await guarded([], {}, resolver)("https://no-such-host.example/v1/models").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).cause).toMatchObject({ code: "ENOTFOUND" });
    expect(resolver.calls).toEqual(["no-such-host.example"]);
  });
});

describe("allowed when listed", () => {
  it("by address, by range and by IPv4-mapped form", async () => {
    expect(await (await guarded(["127.0.0.1"])(`${v4.origin}/hello`)).text()).toBe("hello from v4");
    expect(await (await guarded(["127.0.0.0/8"])(`${v4.origin}/hello`)).text()).toBe("hello from v4");
    expect(await (await guarded(["127.0.0.1"])(`http://[::ffff:127.0.0.1]:${v4.port}/hello`)).text()).toBe("hello from v4");
    expect(await (await guarded(["::1/128"])(`${v6.origin}/hello`)).text()).toBe("hello from v6");
  });

  it("by host:port, and only on that port", async () => {
    const fetch = guarded([`localhost:${v4.port}`, `[::1]:${v6.port}`]);
    expect(await (await fetch(`http://localhost:${v4.port}/hello`)).text()).toBe("hello from v4");
    expect(await (await fetch(`${v6.origin}/hello`)).text()).toBe("hello from v6");
    // Another server, listening, on the same host: its port is not the rule's.
    expect((await failureOf(fetch(`http://localhost:${v4Other.port}/hello`))).failure).toBe("refused");
    // A hostname rule is about the name: the same address typed as an IP is not covered.
    expect((await failureOf(fetch(`${v4.origin}/hello`))).failure).toBe("refused");
    expect(v4Other.hits).toEqual([]);
  });

  it("never opens cloud metadata, even under a rule that covers it", async () => {
    expect((await failureOf(guarded(["169.254.0.0/16", "0.0.0.0/0"])("http://169.254.169.254/latest/meta-data/"))).failure).toBe("refused");
  });
});

describe("DNS", () => {
  it("connects to the address it checked, without resolving the name again", async () => {
    // The name exists only in this resolver: had the connection looked it up again, it would not have resolved at all.
    const resolver = fakeResolver({ "box.test": [[{ address: "127.0.0.1", family: 4 }], [{ address: "::1", family: 6 }]] });
    const fetch = guarded(["127.0.0.1"], {}, resolver);
    expect(await (await fetch(`http://box.test:${v4.port}/hello`)).text()).toBe("hello from v4");
    expect(resolver.calls).toEqual(["box.test"]);
    // Rebound to an address no rule allows: the next request checks again and is refused.
    expect((await failureOf(fetch(`http://box.test:${v4.port}/hello`))).failure).toBe("refused");
    expect(v6.hits).toEqual([]);
  });

  it("refuses a name when any of its addresses is refused", async () => {
    const resolver = fakeResolver({ "split.test": [[{ address: "127.0.0.1", family: 4 }, { address: "::1", family: 6 }]] });
    expect((await failureOf(guarded(["127.0.0.1"], {}, resolver)(`http://split.test:${v4.port}/hello`))).failure).toBe("refused");
    expect(v4.hits).toEqual([]);
  });
});

describe("redirects", () => {
  it("follows one between allowed addresses, and says where it ended", async () => {
    const response = await guarded(["127.0.0.1"])(`${v4.origin}/redirect?to=/hello`);
    expect(await response.text()).toBe("hello from v4");
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${v4.origin}/hello`);
  });

  it("refuses a redirect from an allowed address to a refused one", async () => {
    const fetch = guarded([`127.0.0.1:${v4.port}`]);
    for (const target of [`${v6.origin}/hello`, `http://127.0.0.1:${v4Other.port}/hello`, "http://169.254.169.254/latest/meta-data/"]) {
      expect((await failureOf(fetch(`${v4.origin}/redirect?to=${encodeURIComponent(target)}`))).failure, target).toBe("refused");
    }
    expect([...v6.hits, ...v4Other.hits]).toEqual([]);
  });

  it("stops after the hop limit", async () => {
    expect((await failureOf(guarded(["127.0.0.1"], { maxRedirects: 3 })(`${v4.origin}/loop`))).failure).toBe("too_many_redirects");
    expect(v4.hits).toEqual(["/loop", "/loop", "/loop", "/loop"]);
  });

  it("keeps the body through a 307 but leaves keys behind at another origin", async () => {
    const fetch = guarded(["127.0.0.1", "::1"]);
    const headers = { authorization: "Bearer sk-secret", "x-api-key": "sk-ant-secret", "content-type": "application/json" };
    const across = await fetch(`${v4.origin}/redirect?status=307&to=${encodeURIComponent(`${v6.origin}/echo`)}`, { method: "POST", headers, body: '{"a":1}' });
    const echoed = (await across.json()) as { method: string; headers: Record<string, string>; body: string };
    expect(echoed).toMatchObject({ method: "POST", body: '{"a":1}' });
    expect(echoed.headers["content-type"]).toBe("application/json");
    expect(echoed.headers.authorization).toBeUndefined();
    expect(echoed.headers["x-api-key"]).toBeUndefined();

    const same = (await (await fetch(`${v4.origin}/redirect?status=308&to=/echo`, { method: "POST", headers, body: "{}" })).json()) as typeof echoed;
    expect(same.headers.authorization).toBe("Bearer sk-secret");
  });

  it("turns a POST into a GET without its body after a 303", async () => {
    const response = await guarded(["127.0.0.1"])(`${v4.origin}/redirect?status=303&to=/echo`, { method: "POST", headers: { "content-type": "text/plain" }, body: "payload" });
    expect(await response.json()).toMatchObject({ method: "GET", body: "" });
  });

  it("hands a redirect back as it is when the caller asks to", async () => {
    const response = await guarded(["127.0.0.1"])(`${v4.origin}/redirect?to=/hello`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/hello");
  });
});

describe("size cap", () => {
  const cap = { maxResponseBytes: 64 * 1024 };

  it("lets a body up to the cap through whole", async () => {
    expect((await (await guarded(["127.0.0.1"], cap)(`${v4.origin}/bytes?n=${64 * 1024}`)).arrayBuffer()).byteLength).toBe(64 * 1024);
  });

  it("fails the body past the cap while it streams", async () => {
    const response = await guarded(["127.0.0.1"], cap)(`${v4.origin}/bytes?n=${1024 * 1024}`);
    expect(response.status).toBe(200);
    expect((await failureOf(response.text())).failure).toBe("too_large");
  });

  it("refuses at once a body that declares itself too large", async () => {
    expect((await failureOf(guarded(["127.0.0.1"], cap)(`${v4.origin}/bytes?n=${1024 * 1024}&declared`))).failure).toBe("too_large");
  });
});

describe("time caps", () => {
  it("gives up on headers that do not come", async () => {
    const started = performance.now();
    expect((await failureOf(guarded(["127.0.0.1"], { headersTimeoutMs: 300 })(`${v4.origin}/slow-headers`))).failure).toBe("timed_out");
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("bounds the whole exchange, body included", async () => {
    const started = performance.now();
    const response = await guarded(["127.0.0.1"], { totalTimeoutMs: 400 })(`${v4.origin}/trickle`);
    expect((await failureOf(response.text())).failure).toBe("timed_out");
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("still stops when the caller aborts, with the caller's abort", async () => {
    const controller = new AbortController();
    const response = await guarded(["127.0.0.1"])(`${v4.origin}/trickle`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 150);
    await expect(response.text()).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("streaming", () => {
  const decoder = new TextDecoder();
  const within = <T>(work: Promise<T>, ms: number) =>
    Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`nothing arrived within ${ms} ms`)), ms))]);

  it("hands each piece over as soon as it is written, while the response is still open", async () => {
    const response = await guarded(["127.0.0.1"])(`${v4.origin}/lockstep`);
    const reader = response.body!.getReader();
    const delays: number[] = [];
    for (let index = 0; index < 5; index++) {
      // The server writes one piece and waits: if anything on the way held pieces back, this read would never end.
      const sentAt = performance.now();
      lockstep?.write(`data: ${index}\n\n`);
      const { value } = await within(reader.read(), 2_000);
      delays.push(performance.now() - sentAt);
      expect(decoder.decode(value)).toBe(`data: ${index}\n\n`);
    }
    lockstep?.end();
    expect((await within(reader.read(), 2_000)).done).toBe(true);
    expect(Math.max(...delays)).toBeLessThan(100);
  });

  it("streams a reply token by token through the AI SDK", async () => {
    llm.script({ text: "one two three four", chunks: ["one ", "two ", "three ", "four"], chunkDelayMs: 150 });
    const provider = createOpenAICompatible({ name: "test", baseURL: llm.url, apiKey: "sk-test", fetch: guarded(["127.0.0.1"]) });
    const { stream } = await provider.chatModel("test-model").doStream({ prompt: [{ role: "user", content: [{ type: "text", text: "Count." }] }] });
    const arrivals: { text: string; at: number }[] = [];
    const reader = stream.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      if (read.value.type === "text-delta") arrivals.push({ text: read.value.delta, at: performance.now() });
    }
    expect(arrivals.map((arrival) => arrival.text).join("")).toBe("one two three four");
    // Each delta arrived about when it was sent, not all together at the end.
    const gaps = arrivals.slice(1).map((arrival, index) => arrival.at - arrivals[index]!.at);
    expect(gaps.length).toBe(3);
    for (const gap of gaps) expect(gap).toBeGreaterThan(100);
  });
});
