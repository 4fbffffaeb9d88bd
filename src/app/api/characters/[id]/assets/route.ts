import { addCharacterAsset, ZNewAsset } from "@/server/characters/assets";
import { ASSET_IMAGE_LIMITS } from "@/server/characters/asset-images";
import { databaseConnection } from "@/server/db";
import { AppError } from "@/server/errors";
import { appErrorResponse } from "@/server/http/error-response";
import { guardRouteRequest, readBodyWithLimit } from "@/server/http/request-session";

export const dynamic = "force-dynamic";

/** Add an asset: raw bytes as the body; `type`, `name` and `ext` in the query string. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { db } = databaseConnection();
  const guard = await guardRouteRequest(db, request, { changesState: true });
  if (!guard.ok) return guard.response;
  const query = new URL(request.url).searchParams;
  const asset = ZNewAsset.safeParse({ type: query.get("type"), name: query.get("name"), ext: query.get("ext") });
  if (!asset.success) return Response.json({ error: asset.error.issues[0]?.message ?? "Invalid asset." }, { status: 400 });
  const bytes = await readBodyWithLimit(request, ASSET_IMAGE_LIMITS.maxBytes);
  if (!bytes) return Response.json({ error: "Assets can be at most 20 MiB." }, { status: 413 });
  if (bytes.length === 0) return Response.json({ error: "The file is empty." }, { status: 400 });
  try {
    const id = await addCharacterAsset(db, guard.session.user.id, (await params).id, asset.data, bytes);
    return Response.json({ id });
  } catch (error) {
    if (error instanceof AppError) return appErrorResponse(error);
    throw error;
  }
}
