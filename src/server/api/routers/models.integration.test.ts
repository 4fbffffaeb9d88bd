import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithDatabases } from "@/server/testing/databases";
import { withTestLlm } from "@/server/testing/test-llm";
import { signedUpAdministrator, signedUpCaller } from "@/server/testing/trpc";

const llm = withTestLlm();

/**
 * Model-list servers the test configuration does not allow (it allows 127.0.0.1 only): one on [::1], and one on
 * 127.0.0.1 reached as 0.0.0.0, which Linux connects to this machine.
 */
let privateHits = 0;
function modelListServer(): Server {
  return createServer((_request, response) => {
    privateHits++;
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ data: [{ id: "secret-model" }] }));
  });
}
const ipv6Server = modelListServer();
const ipv4Server = modelListServer();

async function listen(server: Server, host: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

let ipv6Port = 0;
let ipv4Port = 0;
let closedIpv6Port = 0;

beforeAll(async () => {
  ipv6Port = await listen(ipv6Server, "::1");
  ipv4Port = await listen(ipv4Server, "127.0.0.1");
  const released = createServer();
  closedIpv6Port = await listen(released, "::1");
  await new Promise((resolve) => released.close(resolve));
});
afterAll(async () => {
  for (const server of [ipv6Server, ipv4Server]) await new Promise((resolve) => server.close(resolve));
});

describeWithDatabases("models: provider base URLs", (database) => {
  it("refuses a provider on a private address with the same words, whatever listens there", async () => {
    const { caller } = await signedUpCaller(database(), "private");
    const hitsBefore = privateHits;
    const baseUrls = [
      `http://[::1]:${ipv6Port}/v1`,
      `http://[::1]:${closedIpv6Port}/v1`,
      `http://0.0.0.0:${ipv4Port}/v1`,
      "http://192.168.1.1/v1",
      "http://169.254.169.254/latest",
    ];
    const messages: string[] = [];
    for (const baseUrl of baseUrls) {
      const { id } = await caller.models.createProvider({ kind: "openai_compatible", label: "Home box", baseUrl });
      const result = await caller.models.testConnection({ id });
      expect(result.ok, baseUrl).toBe(false);
      messages.push(result.message);
      await expect(caller.models.refreshModels({ id }), baseUrl).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE", message: result.message });
    }
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toMatch(/^Home box: The server refused this address\. /);
    expect(messages[0]).not.toMatch(/::1|127\.0\.0|169\.254|\d{4,5}/);
    expect(privateHits).toBe(hitsBefore);
    expect(await caller.models.list()).toEqual([]);
  });

  it("reaches a private address the operator allowed", async () => {
    const { caller } = await signedUpCaller(database(), "allowed");
    const { id } = await caller.models.createProvider({ kind: "openai_compatible", label: "Test server", baseUrl: llm.url });
    await expect(caller.models.testConnection({ id })).resolves.toEqual({ ok: true, message: "Connected to Test server: 2 models available." });
  });

  it("reaches a private address the administrator allowed on the admin page, and stops when it is taken off", async () => {
    const admin = await signedUpAdministrator(database(), "hostsadmin");
    const { caller } = await signedUpCaller(database(), "lanuser");
    const { id } = await caller.models.createProvider({ kind: "openai_compatible", label: "LAN box", baseUrl: `http://[::1]:${ipv6Port}/v1` });
    expect((await caller.models.testConnection({ id })).ok).toBe(false);
    const hitsBefore = privateHits;
    await admin.caller.admin.setPrivateHosts({ hosts: [`[::1]:${ipv6Port}`] });
    await expect(caller.models.testConnection({ id })).resolves.toEqual({ ok: true, message: "Connected to LAN box: 1 model available." });
    expect(privateHits).toBe(hitsBefore + 1);
    // The rule names this port only.
    const { id: otherPort } = await caller.models.createProvider({ kind: "openai_compatible", label: "Other port", baseUrl: `http://[::1]:${closedIpv6Port}/v1` });
    expect((await caller.models.testConnection({ id: otherPort })).message).toMatch(/refused this address/);
    await admin.caller.admin.setPrivateHosts({ hosts: [] });
    expect((await caller.models.testConnection({ id })).ok).toBe(false);
  });
});
