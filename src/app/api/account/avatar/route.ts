import { NextResponse } from "next/server";
import { env } from "@/env";
import { AVATAR_MAX_UPLOAD_BYTES, saveAvatar } from "@/server/account/avatar";
import { databaseConnection } from "@/server/db";
import { AppError, APP_ERROR_HTTP_STATUS } from "@/server/errors";
import { readBodyWithLimit, sessionOfRequest } from "@/server/http/request-session";
import { isSameOriginRequest } from "@/server/http/same-origin";
import { logger } from "@/server/logger";

export const dynamic = "force-dynamic";

/** Upload a profile picture: the raw image bytes as the request body. */
export async function POST(request: Request) {
  if (!isSameOriginRequest(request.headers, env.TRUST_PROXY)) {
    return NextResponse.json({ error: "Cross-site requests are not allowed." }, { status: 403 });
  }
  const { db } = databaseConnection();
  const session = await sessionOfRequest(db, request);
  if (!session) return NextResponse.json({ error: "Sign in to continue." }, { status: 401 });
  const upload = await readBodyWithLimit(request, AVATAR_MAX_UPLOAD_BYTES);
  if (!upload) return NextResponse.json({ error: "Pictures can be at most 5 MiB." }, { status: 413 });
  try {
    return NextResponse.json({ image: await saveAvatar(db, session.user.id, upload) });
  } catch (error) {
    if (error instanceof AppError) {
      return NextResponse.json({ error: error.message }, { status: APP_ERROR_HTTP_STATUS[error.code] });
    }
    logger.error({ err: error }, "avatar upload failed");
    return NextResponse.json({ error: "Something went wrong on our side. Please try again." }, { status: 500 });
  }
}
