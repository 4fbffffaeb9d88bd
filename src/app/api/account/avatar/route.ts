import { NextResponse } from "next/server";
import { AVATAR_MAX_UPLOAD_BYTES, saveAvatar } from "@/server/account/avatar";
import { databaseConnection } from "@/server/db";
import { AppError } from "@/server/errors";
import { appErrorResponse } from "@/server/http/error-response";
import { guardRouteRequest, readBodyWithLimit } from "@/server/http/request-session";
import { logger } from "@/server/logger";

export const dynamic = "force-dynamic";

/** Upload a profile picture: the raw image bytes as the request body. */
export async function POST(request: Request) {
  const { db } = databaseConnection();
  const guard = await guardRouteRequest(db, request, { changesState: true });
  if (!guard.ok) return guard.response;
  const upload = await readBodyWithLimit(request, AVATAR_MAX_UPLOAD_BYTES);
  if (!upload) return NextResponse.json({ error: "Pictures can be at most 5 MiB." }, { status: 413 });
  try {
    return NextResponse.json({ image: await saveAvatar(db, guard.session.user.id, upload) });
  } catch (error) {
    if (error instanceof AppError) {
      return appErrorResponse(error);
    }
    logger.error({ err: error }, "avatar upload failed");
    return NextResponse.json({ error: "Something went wrong on our side. Please try again." }, { status: 500 });
  }
}
