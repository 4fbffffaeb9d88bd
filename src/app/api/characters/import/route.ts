import { NextResponse } from "next/server";
import { MAX_FILES_PER_IMPORT, importFiles, type TImportFile } from "@/server/characters/import-characters";
import { MAX_IMPORT_BYTES } from "@/server/characters/formats/read-character-file";
import { databaseConnection } from "@/server/db";
import { AppError } from "@/server/errors";
import { BODY_LIMITS } from "@/server/http/body-limits";
import { appErrorResponse } from "@/server/http/error-response";
import { readFormBody } from "@/server/http/limited-body";
import { guardRouteRequest } from "@/server/http/request-session";
import { enforceRateLimit } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";

export const dynamic = "force-dynamic";

/**
 * Import cards and lorebooks: multipart form with `files` (one or more), for lorebooks `characterId`, and
 * `duplicates=copy` to import cards the library already has (by default they are answered DUPLICATE).
 * Answers one result per file: imported, or the reason it was not.
 */
export async function POST(request: Request) {
  const { db } = databaseConnection();
  const guard = await guardRouteRequest(db, request, { changesState: true });
  if (!guard.ok) return guard.response;
  const userId = guard.session.user.id;
  // Counted before the body is read: an import decodes images, the most expensive thing a person can ask for.
  try {
    await enforceRateLimit(db, "character-import", userId, RATE_LIMITS.characterImportsPerUser);
  } catch (error) {
    if (error instanceof AppError) return appErrorResponse(error);
    throw error;
  }
  const body = await readFormBody(request, BODY_LIMITS.characterImport);
  if (!body.ok) return body.response;
  const form = body.data;
  const uploads = form.getAll("files").filter((entry): entry is File => entry instanceof File);
  if (uploads.length === 0) return NextResponse.json({ error: "Choose at least one file." }, { status: 400 });
  if (uploads.length > MAX_FILES_PER_IMPORT) {
    return NextResponse.json({ error: `Import at most ${MAX_FILES_PER_IMPORT} files at a time.` }, { status: 400 });
  }
  const characterId = form.get("characterId");
  const files: TImportFile[] = [];
  const oversized = [];
  for (const upload of uploads) {
    if (upload.size > MAX_IMPORT_BYTES) oversized.push({ fileName: upload.name, ok: false, code: "TOO_LARGE", error: "Files can be at most 50 MiB." });
    else files.push({ fileName: upload.name, bytes: new Uint8Array(await upload.arrayBuffer()) });
  }
  const results = await importFiles(db, userId, files, {
    lorebookTargetId: typeof characterId === "string" && characterId ? characterId : undefined,
    duplicates: form.get("duplicates") === "copy" ? "copy" : "ask",
  });
  return NextResponse.json({ results: [...results, ...oversized] });
}
