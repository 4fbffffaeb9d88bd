import { NextResponse } from "next/server";
import { saveAvatar } from "@/server/account/avatar";
import { databaseConnection } from "@/server/db";
import { AppError } from "@/server/errors";
import { appErrorResponse } from "@/server/http/error-response";
import { BODY_LIMITS } from "@/server/http/body-limits";
import { readLimitedBody } from "@/server/http/limited-body";
import { guardRouteRequest } from "@/server/http/request-session";
import { logger } from "@/server/logger";

export const dynamic = "force-dynamic";

/** Upload a profile picture: the raw image bytes as the request body. */
export async function POST(request: Request) {
  const { db } = databaseConnection();
  const guard = await guardRouteRequest(db, request, { changesState: true });
  if (!guard.ok) return guard.response;
  const upload = await readLimitedBody(request, BODY_LIMITS.avatar);
  if (!upload.ok) return upload.response;
  try {
    return NextResponse.json({ image: await saveAvatar(db, guard.session.user.id, upload.data) });
  } catch (error) {
    if (error instanceof AppError) {
      return appErrorResponse(error);
    }
    logger.error({ err: error }, "avatar upload failed");
    return NextResponse.json({ error: "Something went wrong on our side. Please try again." }, { status: 500 });
  }
}
