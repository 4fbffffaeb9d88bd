"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import type { TRoomSettings } from "@/lib/rooms/protocol";
import { useTRPC } from "@/trpc/react";
import { TurnSettingsFields } from "./turn-settings-fields";

const EXPIRY_CHOICES = [
  { minutes: 60, label: "1 hour" },
  { minutes: 3 * 60, label: "3 hours" },
  { minutes: 24 * 60, label: "1 day" },
  { minutes: 7 * 24 * 60, label: "7 days" },
];

/** A new room: its title and size, who can find it, how long it lasts, and how characters take turns. */
export function CreateRoomForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [title, setTitle] = useState("");
  const [maxParticipants, setMaxParticipants] = useState(8);
  const [isPublic, setIsPublic] = useState(false);
  const [expiresInMinutes, setExpiresInMinutes] = useState(3 * 60);
  const [turns, setTurns] = useState<Pick<TRoomSettings, "turnPolicy" | "maxAiRepliesPerMessage">>({ turnPolicy: "natural", maxAiRepliesPerMessage: 3 });
  const create = useMutation(trpc.rooms.create.mutationOptions({ onSuccess: ({ shortSlug }) => router.push(`/rooms/${shortSlug}`) }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ title, maxParticipants, isPublic, expiresInMinutes, ...turns });
  }

  return (
    <Card>
      <form onSubmit={onSubmit} aria-label="New room">
        <CardContent className="grid gap-3 sm:grid-cols-2">
          <div className="space-y-1.5 sm:col-span-2">
            <Label htmlFor="room-title">Title</Label>
            <Input id="room-title" value={title} maxLength={120} required onChange={(event) => setTitle(event.target.value)} placeholder="Tea at the lighthouse" />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="room-size">Participants</Label>
            <NativeSelect id="room-size" className="w-full" value={maxParticipants} onChange={(event) => setMaxParticipants(Number(event.target.value))}>
              {[2, 3, 4, 5, 6, 7, 8].map((size) => (
                <option key={size} value={size}>
                  Up to {size}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="room-expiry">Open for</Label>
            <NativeSelect id="room-expiry" className="w-full" value={expiresInMinutes} onChange={(event) => setExpiresInMinutes(Number(event.target.value))}>
              {EXPIRY_CHOICES.map((choice) => (
                <option key={choice.minutes} value={choice.minutes}>
                  {choice.label}
                </option>
              ))}
            </NativeSelect>
          </div>
          <TurnSettingsFields idPrefix="new-room" value={turns} onChange={setTurns} />
          <label className="flex items-center gap-2 text-sm sm:col-span-2">
            <input type="checkbox" className="size-4 accent-primary" checked={isPublic} onChange={(event) => setIsPublic(event.target.checked)} />
            Public: listed for everyone signed in (otherwise only people with the link can find it)
          </label>
          {create.error ? (
            <p role="alert" className="text-sm text-destructive sm:col-span-2">
              {create.error.message}
            </p>
          ) : null}
          <div className="sm:col-span-2">
            <Button type="submit" disabled={create.isPending}>
              Create room
            </Button>
          </div>
        </CardContent>
      </form>
    </Card>
  );
}
