import { exportCharacter, type TExportFormat } from "@/server/characters/export-character";
import { databaseConnection } from "@/server/db";
import { AppError } from "@/server/errors";
import { appErrorResponse } from "@/server/http/error-response";
import { guardRouteRequest } from "@/server/http/request-session";

export const dynamic = "force-dynamic";

const FORMATS = new Set<TExportFormat>(["json", "png", "charx"]);

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { db } = databaseConnection();
  const guard = await guardRouteRequest(db, request, { changesState: false });
  if (!guard.ok) return guard.response;
  const { id } = await params;
  const format = new URL(request.url).searchParams.get("format") as TExportFormat | null;
  if (!format || !FORMATS.has(format)) return Response.json({ error: "Choose json, png or charx." }, { status: 400 });
  try {
    const file = await exportCharacter(db, guard.session.user.id, id, format);
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        "cache-control": "private, no-store",
      },
    });
  } catch (error) {
    if (error instanceof AppError) return appErrorResponse(error);
    throw error;
  }
}
