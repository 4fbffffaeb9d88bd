"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { useTRPC } from "@/trpc/react";

/** The person's own open rooms and everyone's public ones. */
export function RoomList() {
  const trpc = useTRPC();
  const rooms = useQuery({ ...trpc.rooms.list.queryOptions(), refetchInterval: 15_000 });
  if (rooms.isPending) return <p className="text-muted-foreground">Loading…</p>;
  if (rooms.error) return <p className="text-sm text-destructive">{rooms.error.message}</p>;
  if (rooms.data.length === 0) return <p className="text-sm text-muted-foreground">No open rooms. Create one, or ask a friend for their link.</p>;
  return (
    <ul aria-label="Rooms" className="divide-y rounded-lg border">
      {rooms.data.map((room) => (
        <li key={room.id} className="flex items-center justify-between gap-3 px-4 py-3">
          <Link href={`/rooms/${room.shortSlug}`} className="font-medium hover:underline">
            {room.title}
          </Link>
          <span className="flex items-center gap-2 text-sm text-muted-foreground">
            {room.isMine ? <Badge variant="secondary">Yours</Badge> : null}
            {room.isPublic ? <Badge variant="outline">Public</Badge> : null}
            {room.seatsTaken} of {room.maxParticipants}
          </span>
        </li>
      ))}
    </ul>
  );
}
