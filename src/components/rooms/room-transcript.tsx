"use client";

import { memo } from "react";
import { MarkdownMessage } from "@/components/chat/markdown-message";
import type { TRoomParticipant, TRoomTranscriptMessage } from "@/lib/rooms/protocol";
import { cn } from "@/lib/utils";

/**
 * The room's messages in the host's order, and the character reply being written right now. Memoized, since
 * typing and presence change far more often than the transcript.
 */
export const RoomTranscript = memo(function RoomTranscript({ transcript, participants, turn }: { transcript: TRoomTranscriptMessage[]; participants: TRoomParticipant[]; turn: { participantId: string; text: string } | null }) {
  const speaking = turn ? participants.find((participant) => participant.participantId === turn.participantId) : null;
  return (
    // A log: screen readers announce what arrives. The box scrolls, so the composer stays in reach; being opaque
    // and composited (will-change), it follows new messages without repainting the rest of the page. Reversed
    // flow puts the scroll origin at the newest message: a reader there stays with the newest as messages
    // arrive, and one who scrolled back keeps their place (scroll anchoring), with no script, no forced layout
    // and no scroll per message.
    <div role="log" aria-label="Room transcript" tabIndex={0} className="flex max-h-[min(50dvh,44rem)] flex-col-reverse sm:max-h-[min(65vh,44rem)] overflow-y-auto overscroll-contain rounded-md bg-background pr-1 will-change-scroll outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
      <ol aria-label="Room messages" className="space-y-3">
        {transcript.map((message) => (
          <TranscriptItem key={message.seq} message={message} />
        ))}
        {turn && speaking ? (
          <li data-kind="writing" aria-busy className="rounded-lg border border-primary/40 bg-primary/5 px-3 py-2">
            <p className="text-xs font-medium text-muted-foreground">{speaking.characterName} · writing…</p>
            <p className="whitespace-pre-wrap break-words">{turn.text}</p>
          </li>
        ) : null}
      </ol>
    </div>
  );
});

/** Memoized: earlier messages never change. */
const TranscriptItem = memo(function TranscriptItem({ message }: { message: TRoomTranscriptMessage }) {
  if (message.event) {
    // Comings and goings: one quiet line between the messages, no speaker.
    return (
      <li data-kind="notice" data-event={message.event} data-seq={message.seq} className="px-3 text-center text-xs break-words text-muted-foreground">
        {message.text}
      </li>
    );
  }
  return (
    <li data-kind={message.kind} data-seq={message.seq} className={cn("rounded-lg border px-3 py-2", message.kind === "character" && "bg-primary/5", message.kind === "notice" && "border-dashed text-sm text-muted-foreground")}>
      <p className="text-xs font-medium text-muted-foreground">
        {message.speakerName}
        {message.kind === "character" ? " · character" : ""}
      </p>
      {message.kind === "character" ? <MarkdownMessage text={message.text} /> : <p className="whitespace-pre-wrap break-words">{message.text}</p>}
    </li>
  );
});
