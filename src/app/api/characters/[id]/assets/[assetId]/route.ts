import { readBlob } from "@/server/blobs/blob-store";
import { readCharacterAsset } from "@/server/characters/queries";
import { databaseConnection } from "@/server/db";
import { guardRouteRequest } from "@/server/http/request-session";

export const dynamic = "force-dynamic";

/** A character's asset (or its thumbnail, `?thumbnail=1`), for its owner only. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string; assetId: string }> }) {
  const { db } = databaseConnection();
  const guard = await guardRouteRequest(db, request, { changesState: false });
  if (!guard.ok) return guard.response;
  const { id, assetId } = await params;
  const thumbnail = new URL(request.url).searchParams.get("thumbnail") === "1";
  const sha256 = await readCharacterAsset(db, guard.session.user.id, id, assetId, thumbnail);
  const blob = sha256 ? await readBlob(db, sha256) : null;
  // Someone else's asset and a missing one look the same.
  if (!blob) return Response.json({ error: "Not found." }, { status: 404 });
  if (request.headers.get("if-none-match") === `"${blob.sha256}"`) return new Response(null, { status: 304 });
  return new Response(new Uint8Array(blob.content), {
    headers: {
      "content-type": blob.contentType,
      etag: `"${blob.sha256}"`,
      // Content-addressed, so unchanging; private because only the owner may see it.
      "cache-control": "private, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
    },
  });
}
