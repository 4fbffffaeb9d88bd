import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/server/errors";
import { limitRequestBody, readFormBody, readJsonBody, readLimitedBody } from "./limited-body";

const limit = { maxBytes: 1000, tooLarge: "At most 1000 bytes, please." };
const CHUNK = 100;

/** A body streamed in 100-byte chunks with no Content-Length, as a chunked upload arrives; `pulled` counts what was read. */
function streamedRequest(totalBytes: number, headers: Record<string, string> = {}) {
  const source = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (source.pulled >= totalBytes) return controller.close();
        const size = Math.min(CHUNK, totalBytes - source.pulled);
        source.pulled += size;
        controller.enqueue(new Uint8Array(size).fill(0x61));
      },
    },
    { highWaterMark: 0 },
  );
  const request = new Request("http://coterie.test/upload", { method: "POST", body, headers, duplex: "half" } as RequestInit);
  return { request, source };
}

const endless = (headers?: Record<string, string>) => streamedRequest(Number.POSITIVE_INFINITY, headers);

describe("limitRequestBody", () => {
  it("passes a body of exactly the cap through whole", async () => {
    const { request } = streamedRequest(limit.maxBytes);
    const limited = limitRequestBody(request, limit);
    expect((await limited.request.arrayBuffer()).byteLength).toBe(limit.maxBytes);
    expect(limited.refused()).toBe(false);
  });

  it("fails the read with PAYLOAD_TOO_LARGE at the first chunk past the cap, reading no further", async () => {
    const { request, source } = endless();
    const limited = limitRequestBody(request, limit);
    const failure = await limited.request.text().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: limit.tooLarge });
    expect(limited.refused()).toBe(true);
    expect(source.pulled).toBe(limit.maxBytes + CHUNK);
  });

  it("refuses a declared Content-Length past the cap before reading a byte", async () => {
    const { request, source } = endless({ "content-length": String(limit.maxBytes + 1) });
    const limited = limitRequestBody(request, limit);
    await expect(limited.request.arrayBuffer()).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(source.pulled).toBe(0);
  });

  it("does not trust a Content-Length that understates the body", async () => {
    const { request, source } = endless({ "content-length": "10" });
    await expect(limitRequestBody(request, limit).request.arrayBuffer()).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(source.pulled).toBe(limit.maxBytes + CHUNK);
  });

  it("reads nothing until the handler reads", () => {
    const { request, source } = endless();
    limitRequestBody(request, limit);
    expect(source.pulled).toBe(0);
  });

  it("keeps the method, headers and URL", () => {
    const { request } = streamedRequest(10, { "content-type": "application/json", "x-custom": "kept" });
    const limited = limitRequestBody(request, limit).request;
    expect([limited.method, limited.url, limited.headers.get("x-custom")]).toEqual(["POST", "http://coterie.test/upload", "kept"]);
  });
});

describe("the readers' answers", () => {
  it("answer an oversized body with 413 and the usual error shape", async () => {
    const body = await readLimitedBody(endless().request, limit);
    if (body.ok) throw new Error("an endless body was accepted");
    expect(body.response.status).toBe(413);
    expect(await body.response.json()).toEqual({ error: limit.tooLarge, code: "PAYLOAD_TOO_LARGE" });
  });

  it("refuse an oversized JSON body before parsing it", async () => {
    const body = await readJsonBody(endless({ "content-type": "application/json" }).request, limit, z.unknown());
    expect(body.ok ? 200 : body.response.status).toBe(413);
  });

  it("validate a JSON body within the cap", async () => {
    const schema = z.object({ text: z.string().max(5, "Too long.") });
    const request = (value: unknown) => new Request("http://coterie.test/", { method: "POST", body: JSON.stringify(value) });
    const good = await readJsonBody(request({ text: "hi" }), limit, schema);
    expect(good).toEqual({ ok: true, data: { text: "hi" } });
    const bad = await readJsonBody(request({ text: "far too long" }), limit, schema);
    expect(bad.ok ? null : [bad.response.status, ((await bad.response.json()) as { error: string }).error]).toEqual([400, "Too long."]);
    const notJson = await readJsonBody(new Request("http://coterie.test/", { method: "POST", body: "{ nope" }), limit, schema);
    expect(notJson.ok ? 200 : notJson.response.status).toBe(400);
  });

  it("refuse an oversized multipart form, and read one within the cap", async () => {
    const refused = await readFormBody(endless({ "content-type": "multipart/form-data; boundary=x" }).request, limit);
    expect(refused.ok ? 200 : refused.response.status).toBe(413);
    const form = new FormData();
    form.append("files", new Blob(["card"]), "card.json");
    const accepted = await readFormBody(new Request("http://coterie.test/", { method: "POST", body: form }), limit);
    expect(accepted.ok && (accepted.data.get("files") as File).name).toBe("card.json");
    const notAForm = await readFormBody(new Request("http://coterie.test/", { method: "POST", body: "plain" }), limit);
    expect(notAForm.ok ? 200 : notAForm.response.status).toBe(400);
  });
});
