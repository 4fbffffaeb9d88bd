import type { Metadata } from "next";
import { CreateRoomForm } from "@/components/rooms/create-room-form";
import { RoomList } from "@/components/rooms/room-list";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "Rooms" };

export default async function RoomsPage() {
  await requireViewer("/rooms");
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <section className="space-y-3">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">Rooms</h1>
          <p className="text-sm text-muted-foreground">
            Meet up to seven friends, each bringing a character that answers in its own voice. Messages go browser to browser through the host&apos;s page; nothing of the conversation is stored on the server.
          </p>
        </div>
        <CreateRoomForm />
      </section>
      <section className="space-y-3">
        <h2 className="text-xl font-semibold tracking-tight">Open rooms</h2>
        <RoomList />
      </section>
    </div>
  );
}
