import Link from "next/link";
import { Button } from "@/components/ui/button";
import { serverApi } from "@/trpc/server";
import { AccountMenu } from "./account-menu";

/** The header's account corner: the menu when signed in, otherwise the way in. */
export async function AccountSlot() {
  const viewer = await (await serverApi()).auth.viewer();
  if (!viewer) {
    return (
      <Button asChild size="sm">
        <Link href="/sign-in">Sign in</Link>
      </Button>
    );
  }
  return <AccountMenu user={{ name: viewer.name, username: viewer.username, image: viewer.image, isAdmin: viewer.role === "admin" }} />;
}
