import { readBlob } from "@/server/blobs/blob-store";
import { personaAvatarSha256, setPersonaAvatar } from "@/server/characters/personas";
import { databaseConnection } from "@/server/db";
import { AppError } from "@/server/errors";
import { appErrorResponse } from "@/server/http/error-response";
import { BODY_LIMITS } from "@/server/http/body-limits";
import { readLimitedBody } from "@/server/http/limited-body";
import { guardRouteRequest } from "@/server/http/request-session";

export const dynamic = "force-dynamic";

type TParams = { params: Promise<{ id: string }> };

/** The persona's picture, for its owner. */
export async function GET(request: Request, { params }: TParams) {
  const { db } = databaseConnection();
  const guard = await guardRouteRequest(db, request, { changesState: false });
  if (!guard.ok) return guard.response;
  const sha256 = await personaAvatarSha256(db, guard.session.user.id, (await params).id);
  const blob = sha256 ? await readBlob(db, sha256) : null;
  if (!blob) return Response.json({ error: "Not found." }, { status: 404 });
  return new Response(new Uint8Array(blob.content), {
    headers: { "content-type": blob.contentType, "cache-control": "private, no-cache", etag: `"${blob.sha256}"`, "x-content-type-options": "nosniff" },
  });
}

/** Upload a persona picture: the raw image bytes as the body. */
export async function POST(request: Request, { params }: TParams) {
  const { db } = databaseConnection();
  const guard = await guardRouteRequest(db, request, { changesState: true });
  if (!guard.ok) return guard.response;
  const upload = await readLimitedBody(request, BODY_LIMITS.avatar);
  if (!upload.ok) return upload.response;
  try {
    await setPersonaAvatar(db, guard.session.user.id, (await params).id, upload.data);
    return Response.json({ ok: true });
  } catch (error) {
    if (error instanceof AppError) return appErrorResponse(error);
    throw error;
  }
}
