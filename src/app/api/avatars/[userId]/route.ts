import { readAvatar } from "@/server/account/avatar";
import { databaseConnection } from "@/server/db";
import { expectedErrorResponse } from "@/server/http/error-response";

export const dynamic = "force-dynamic";

/**
 * Profile pictures are public to anyone holding the (unguessable) user ID, as people in a room see each
 * other's. URLs carry the picture's hash, so responses can be cached forever.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  if (!/^usr_[\w-]{1,64}$/.test(userId)) return new Response("Not found", { status: 404 });
  const avatar = await readAvatar(databaseConnection().db, userId).catch((error: unknown) => expectedErrorResponse(error));
  if (avatar instanceof Response) return avatar;
  if (!avatar) return new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(avatar.content), {
    headers: {
      "content-type": avatar.contentType,
      "cache-control": "public, max-age=31536000, immutable",
      etag: `"${avatar.sha256}"`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
    },
  });
}
