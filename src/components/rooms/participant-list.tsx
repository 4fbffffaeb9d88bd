"use client";

import { memo } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { TRoomParticipant } from "@/lib/rooms/protocol";
import { cn } from "@/lib/utils";

export type THostControls = { letSpeak: (participantId: string) => void; setMuted: (participantId: string, muted: boolean) => void; kick: (participant: TRoomParticipant) => void };

/** Everyone in the room with their character, connection and typing state; the host also gets controls. */
export const ParticipantList = memo(function ParticipantList({ participants, you, typing, speakingId, hostControls }: { participants: TRoomParticipant[]; you: string | null; typing: string[]; speakingId: string | null; hostControls: THostControls | null }) {
  return (
    <ul aria-label="Participants" className="space-y-2">
      {participants.map((participant) => (
        <li key={participant.participantId} className="space-y-1.5 rounded-lg border p-2" data-connected={participant.connected}>
          <div className="flex items-center gap-2">
            <Thumbnail participant={participant} />
            <div className="min-w-0 flex-1 text-sm">
              <p className="truncate font-medium">
                {participant.characterName}
                {participant.participantId === speakingId ? <span className="ml-1 text-xs text-primary">speaking…</span> : null}
              </p>
              <p className="truncate text-xs text-muted-foreground">
                {participant.displayName}
                {participant.participantId === you ? " (you)" : ""}
                {participant.isHost ? " · host" : ""}
                {participant.muted ? " · muted" : ""}
                {!participant.connected ? " · reconnecting…" : typing.includes(participant.participantId) ? " · typing…" : ""}
              </p>
            </div>
          </div>
          {hostControls ? (
            <div className="flex flex-wrap gap-1">
              <Button size="sm" variant="outline" onClick={() => hostControls.letSpeak(participant.participantId)} aria-label={`Let ${participant.characterName} speak`}>
                Let speak
              </Button>
              <Button size="sm" variant="outline" onClick={() => hostControls.setMuted(participant.participantId, !participant.muted)} aria-label={`${participant.muted ? "Unmute" : "Mute"} ${participant.characterName}`}>
                {participant.muted ? "Unmute" : "Mute"}
              </Button>
              {participant.isHost ? null : (
                <ConfirmDialog
                  trigger={
                    <Button size="sm" variant="outline" className="text-destructive" aria-label={`Remove ${participant.displayName}`}>
                      Remove
                    </Button>
                  }
                  title={`Remove ${participant.displayName}?`}
                  description={`${participant.displayName} leaves the room with ${participant.characterName} and cannot come back with this link.`}
                  confirmLabel="Remove"
                  onConfirm={() => hostControls.kick(participant)}
                />
              )}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
});

function Thumbnail({ participant }: { participant: TRoomParticipant }) {
  const className = cn("size-10 shrink-0 rounded-full", !participant.connected && "opacity-50");
  if (!participant.characterThumbnail) {
    return (
      <div aria-hidden className={cn(className, "grid place-items-center bg-primary/15 font-semibold text-primary")}>
        {participant.characterName.slice(0, 1).toUpperCase()}
      </div>
    );
  }
  // eslint-disable-next-line @next/next/no-img-element -- a data: URL from the room, nothing to optimize
  return <img src={participant.characterThumbnail} alt={`Picture of ${participant.characterName}`} className={cn(className, "object-cover")} />;
}
