/** The import route over real HTTP: imports are rate-limited per person, before any of the upload is read. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { POST as characterImport } from "@/app/api/characters/import/route";
import { SESSION_COOKIE_NAME } from "@/server/auth/session-cookie";
import { RATE_LIMITS } from "@/server/rate-limit/rules";
import { describeWithDatabases } from "@/server/testing/databases";
import { lighthouseCardJson } from "@/server/testing/lighthouse-card";
import { postEndlessBody, serveRoute, setRouteDatabase, type TRouteServer } from "@/server/testing/route-server";
import { signedUpCaller } from "@/server/testing/trpc";

describeWithDatabases("the import route", (database) => {
  let server: TRouteServer;
  beforeAll(async () => {
    setRouteDatabase(database());
    server = await serveRoute(characterImport);
  });
  afterAll(() => server.close());

  const importAs = (cookie: string, files: File[]) => {
    const form = new FormData();
    for (const file of files) form.append("files", file);
    return fetch(`${server.origin}/api/characters/import`, { method: "POST", headers: { origin: server.origin, cookie }, body: form });
  };
  const cookieOf = async (name: string) => `${SESSION_COOKIE_NAME}=${(await signedUpCaller(database(), name)).sessionToken}`;

  it("refuses a person's imports past the limit with 429 and Retry-After, and no one else's", async () => {
    setRouteDatabase(database());
    const busy = await cookieOf("busy");
    const { limit, windowSeconds } = RATE_LIMITS.characterImportsPerUser;
    for (let attempt = 0; attempt < limit; attempt++) {
      // Even an import with nothing in it counts: the limit is taken before the body is read.
      expect((await importAs(busy, [])).status).toBe(400);
    }

    const refused = await importAs(busy, [new File([lighthouseCardJson()], "iris.json", { type: "application/json" })]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(windowSeconds - 60);
    const refusal = (await refused.json()) as { error: string; code: string };
    expect(refusal.code).toBe("RATE_LIMITED");
    expect(refusal.error).toMatch(/Try again in \d+ minutes\.$/);

    // Refused without reading the upload: an endless one is answered all the same, and the connection closed.
    const endless = await postEndlessBody(`${server.origin}/api/characters/import`, { headers: { origin: server.origin, cookie: busy, "content-type": "multipart/form-data; boundary=x" } });
    expect([endless.status, endless.headers.connection, endless.headers["retry-after"]]).toEqual([429, "close", expect.stringMatching(/^\d+$/)]);

    const other = await importAs(await cookieOf("calm"), [new File([lighthouseCardJson()], "iris.json", { type: "application/json" })]);
    expect(other.status).toBe(200);
    expect(await other.json()).toMatchObject({ results: [{ fileName: "iris.json", ok: true, kind: "character" }] });
  });
});
