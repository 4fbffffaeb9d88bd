import type { Metadata } from "next";
import { MyLinks } from "@/components/share/my-links";
import { ShareUploader } from "@/components/share/share-uploader";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "Share" };

export default async function SharePage() {
  await requireViewer("/share");
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <section className="space-y-3">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">Share files</h1>
          <p className="text-sm text-muted-foreground">Files go straight from this page to the other browser, encrypted by WebRTC and checked on arrival. Nothing is uploaded to the server.</p>
        </div>
        <ShareUploader />
      </section>
      <section className="space-y-3">
        <h2 className="text-xl font-semibold tracking-tight">My links</h2>
        <MyLinks />
      </section>
    </div>
  );
}
