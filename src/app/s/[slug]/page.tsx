import type { Metadata } from "next";
import { ShareDownload } from "@/components/share/share-download";

export const metadata: Metadata = { title: "Shared files", robots: { index: false, follow: false } };

/** Public: anyone with the link may open it; the password, if any, is checked by the server. */
export default async function SharedFilesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Shared files</h1>
      <ShareDownload slug={slug} />
    </div>
  );
}
