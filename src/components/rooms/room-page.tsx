"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { Card, CardContent } from "@/components/ui/card";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { CharacterPicker } from "./character-picker";
import { RoomView } from "./room-view";
import { useRoomSession } from "./use-room-session";

type TLobby = RouterOutputs["rooms"]["lobby"];

/** A room by its link: the lobby (who hosts it, how full it is, which character to bring), then the room. */
export function RoomPage({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const lobby = useQuery({ ...trpc.rooms.lobby.queryOptions({ slug }), retry: false, refetchOnWindowFocus: false, staleTime: Infinity });
  if (lobby.isPending) return <p className="text-muted-foreground">Opening the room…</p>;
  if (lobby.error) return <RoomNotice title="Room not available" message={lobby.error.message} />;
  if (lobby.data.kicked) return <RoomNotice title={lobby.data.title} message="The host removed you from this room." />;
  return <RoomEntrance lobby={lobby.data} slug={slug} />;
}

function RoomEntrance({ lobby, slug }: { lobby: TLobby; slug: string }) {
  const session = useRoomSession({ id: lobby.id, slug, settings: lobby.settings });
  const { join, phase } = session;
  const rejoined = useRef(false);

  // A reload (or a second visit) takes the same seat with the same character, without asking again.
  useEffect(() => {
    if (lobby.mySeat && phase === "idle" && !rejoined.current) {
      rejoined.current = true;
      void join();
    }
  }, [join, lobby.mySeat, phase]);

  if (phase === "joined") return <RoomView lobby={lobby} session={session} />;
  if (phase === "failed") return <RoomNotice title={lobby.title} message={session.error ?? "Joining the room failed."} />;
  if (lobby.mySeat || phase === "joining") return <p className="text-muted-foreground">Joining {lobby.title}…</p>;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">{lobby.title}</h1>
        <p className="text-sm text-muted-foreground">
          {lobby.isHost ? "Your room." : `Hosted by ${lobby.hostName}.`} {lobby.seatsTaken} of {lobby.maxParticipants} seats taken.
        </p>
      </div>
      <Card>
        <CardContent className="space-y-3">
          <p className="text-sm">{lobby.isHost ? "Choose the character you bring, then open the room. Keep this page open: the room lives in it." : "Choose the character you bring."}</p>
          <CharacterPicker submitLabel={lobby.isHost ? "Open the room" : "Join room"} busy={false} onChoose={(choice, personaId) => void join(choice, personaId)} />
        </CardContent>
      </Card>
    </div>
  );
}

function RoomNotice({ title, message }: { title: string; message: string }) {
  return (
    <div className="mx-auto max-w-2xl space-y-3">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
        {message}
      </p>
      <Link href="/rooms" className="text-sm underline">
        Back to rooms
      </Link>
    </div>
  );
}
