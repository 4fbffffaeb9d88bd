/**
 * Reading request bodies under a cap (body-limits.ts). Bytes are counted as they stream in and the read fails
 * as soon as they pass the cap, so neither a Content-Length that lies nor a chunked body without one gets
 * further. A refused body is left unread rather than cancelled: cancelling Node's request stream resets the
 * connection before the 413 is written. The server closes the connection after the 413 instead (see
 * unread-body.ts), and nothing more is read.
 */
import "server-only";
import type { z } from "zod";
import { containsNulCharacter, NUL_REFUSAL } from "@/lib/text/nul-characters";
import { AppError } from "@/server/errors";
import type { TBodyLimit } from "./body-limits";
import { appErrorResponse } from "./error-response";

export type TLimitedRequest = {
  /** The same request, its body counted: reading past the cap fails with a PAYLOAD_TOO_LARGE AppError. */
  request: Request;
  /** Whether reading the body was refused at the cap. */
  refused: () => boolean;
};

export function limitRequestBody(request: Request, limit: TBodyLimit): TLimitedRequest {
  const source = request.body;
  if (!source) return { request, refused: () => false };
  let refused = false;
  let total = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  const refuse = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    refused = true;
    controller.error(new AppError("PAYLOAD_TOO_LARGE", limit.tooLarge));
  };
  const counted = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        // A declared length past the cap is refused before a byte is read; the count below holds either way.
        if (!reader && Number(request.headers.get("content-length") ?? 0) > limit.maxBytes) return refuse(controller);
        reader ??= source.getReader();
        const { done, value } = await reader.read();
        if (done) return controller.close();
        total += value.byteLength;
        if (total > limit.maxBytes) return refuse(controller);
        controller.enqueue(value);
      },
      // Deliberately no cancel(): passing it on would reset the connection (see the header comment).
    },
    // Pull only what the reader asks for, so nothing past the cap is read ahead.
    { highWaterMark: 0 },
  );
  const init: RequestInit & { duplex: "half" } = { method: request.method, headers: request.headers, body: counted, signal: request.signal, duplex: "half" };
  return { request: new Request(request.url, init), refused: () => refused };
}

export function bodyTooLargeResponse(limit: TBodyLimit): Response {
  return appErrorResponse(new AppError("PAYLOAD_TOO_LARGE", limit.tooLarge));
}

/** A read that failed for another reason: the client went away, or sent a malformed stream. */
const unreadableBody = () => Response.json({ error: "The request could not be read.", code: "INVALID_INPUT" }, { status: 400 });

export type TBody<T> = { ok: true; data: T } | { ok: false; response: Response };

/** The whole body within the cap, or the 413 to send instead. */
export async function readLimitedBody(request: Request, limit: TBodyLimit): Promise<TBody<Buffer>> {
  const limited = limitRequestBody(request, limit);
  try {
    return { ok: true, data: Buffer.from(await limited.request.arrayBuffer()) };
  } catch {
    return { ok: false, response: limited.refused() ? bodyTooLargeResponse(limit) : unreadableBody() };
  }
}

/** A JSON body within the cap, validated; or the 400/413 answer to send instead. */
export async function readJsonBody<T>(request: Request, limit: TBodyLimit, schema: z.ZodType<T>): Promise<TBody<T>> {
  const body = await readLimitedBody(request, limit);
  if (!body.ok) return body;
  let json: unknown;
  try {
    json = JSON.parse(body.data.toString("utf8"));
  } catch {
    return { ok: false, response: Response.json({ error: "Send the request as JSON." }, { status: 400 }) };
  }
  if (containsNulCharacter(json)) return { ok: false, response: Response.json({ error: NUL_REFUSAL }, { status: 400 }) };
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, response: Response.json({ error: parsed.error.issues[0]?.message ?? "Invalid request.", issues: parsed.error.issues }, { status: 400 }) };
  return { ok: true, data: parsed.data };
}

/** A multipart form within the cap, or the answer to send instead. */
export async function readFormBody(request: Request, limit: TBodyLimit): Promise<TBody<FormData>> {
  const limited = limitRequestBody(request, limit);
  try {
    return { ok: true, data: await limited.request.formData() };
  } catch {
    if (limited.refused()) return { ok: false, response: bodyTooLargeResponse(limit) };
    return { ok: false, response: Response.json({ error: "Send the files as a multipart form." }, { status: 400 }) };
  }
}
