import type { Metadata } from "next";
import { RoomPage } from "@/components/rooms/room-page";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "Room", robots: { index: false, follow: false } };

/** Rooms are for signed-in people only: each character answers with its owner's own provider. */
export default async function RoomBySlugPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireViewer(`/rooms/${slug}`);
  return <RoomPage slug={slug} />;
}
