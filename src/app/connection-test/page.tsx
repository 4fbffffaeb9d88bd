import type { Metadata } from "next";
import { ConnectionTest } from "@/components/connection-test/connection-test";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "Connection test" };

/** Signed in only: signaling credentials are issued to a signed-in device or to a share link's downloader. */
export default async function ConnectionTestPage() {
  await requireViewer("/connection-test");
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Connection test</h1>
        <p className="text-muted-foreground">
          Shares and rooms connect browsers directly. Open this page on two devices and connect one to the other to
          check that they can reach each other through this server&apos;s signaling and ICE settings.
        </p>
      </div>
      <ConnectionTest />
    </div>
  );
}
