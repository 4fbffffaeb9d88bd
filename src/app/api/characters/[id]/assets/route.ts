import { addCharacterAsset, ZNewAsset } from "@/server/characters/assets";
import { databaseConnection } from "@/server/db";
import { AppError } from "@/server/errors";
import { appErrorResponse } from "@/server/http/error-response";
import { BODY_LIMITS } from "@/server/http/body-limits";
import { readLimitedBody } from "@/server/http/limited-body";
import { guardRouteRequest } from "@/server/http/request-session";

export const dynamic = "force-dynamic";

/** Add an asset: raw bytes as the body; `type`, `name` and `ext` in the query string. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { db } = databaseConnection();
  const guard = await guardRouteRequest(db, request, { changesState: true });
  if (!guard.ok) return guard.response;
  const query = new URL(request.url).searchParams;
  const asset = ZNewAsset.safeParse({ type: query.get("type"), name: query.get("name"), ext: query.get("ext") });
  if (!asset.success) return Response.json({ error: asset.error.issues[0]?.message ?? "Invalid asset." }, { status: 400 });
  const body = await readLimitedBody(request, BODY_LIMITS.characterAsset);
  if (!body.ok) return body.response;
  if (body.data.length === 0) return Response.json({ error: "The file is empty." }, { status: 400 });
  try {
    const id = await addCharacterAsset(db, guard.session.user.id, (await params).id, asset.data, body.data);
    return Response.json({ id });
  } catch (error) {
    if (error instanceof AppError) return appErrorResponse(error);
    throw error;
  }
}
