/** For pages that only make sense signed in: the viewer, or a redirect to sign-in that comes back here. */
import "server-only";
import { redirect } from "next/navigation";
import { serverApi } from "./server";

export async function requireViewer(returnPath: string) {
  const viewer = await (await serverApi()).auth.viewer();
  if (!viewer) redirect(`/sign-in?next=${encodeURIComponent(returnPath)}`);
  return viewer;
}
