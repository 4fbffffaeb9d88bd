"use client";

import { useCallback, useEffect, useRef, type Dispatch } from "react";
import { toast } from "sonner";
import { isAbort, readReplyStream } from "@/lib/chat/read-reply-stream";
import { ROOM_REPLY_URL } from "@/lib/replies/reply-requests";
import { ROOM_REPLY_MAX, ROOM_TEXT_MAX, type TParticipantMessage, type TRoomMessageBody } from "@/lib/rooms/protocol";
import type { TRoomViewAction, TRoomViewState } from "@/lib/rooms/room-view-state";

/**
 * When the host grants this page's character a turn, asks the server to write the reply (with this person's
 * own provider and room settings) and streams it into the room as it arrives. Stop ends it early and keeps
 * what was written.
 */
export function useCharacterTurn(roomId: string, view: TRoomViewState, send: (body: TRoomMessageBody<TParticipantMessage>) => void, dispatch: Dispatch<TRoomViewAction>) {
  const handled = useRef(new Set<string>());
  const controller = useRef<AbortController | null>(null);
  const turn = view.turn;
  const mine = turn !== null && turn.participantId === view.you;
  const latestView = useRef(view);
  latestView.current = view;

  useEffect(() => {
    if (!turn || !mine || handled.current.has(turn.turnId)) return;
    handled.current.add(turn.turnId);
    const { turnId } = turn;
    const { transcript, participants, you } = latestView.current;
    const abort = new AbortController();
    controller.current = abort;
    let text = "";
    let failure: string | null = null;
    const body = {
      roomId,
      history: transcript.map(({ kind, participantId, speakerName, text: line }) => ({ kind, participantId, speakerName, text: line })),
      present: participants.filter((participant) => participant.participantId !== you).map((participant) => `${participant.displayName} (with ${participant.characterName})`),
    };
    void readReplyStream(
      { url: ROOM_REPLY_URL, body },
      abort.signal,
      (event) => {
        if (event.type === "text") {
          const delta = event.text.slice(0, Math.max(0, ROOM_REPLY_MAX - text.length)).slice(0, ROOM_TEXT_MAX);
          if (!delta) return;
          text += delta;
          send({ type: "ai-stream", turnId, delta });
          dispatch({ type: "local-stream", turnId, delta });
        } else if (event.type === "error") {
          failure = event.error;
        }
      },
    )
      .then(() => undefined)
      .catch((error: unknown) => {
        if (!isAbort(error)) failure = error instanceof Error ? error.message : "The reply failed.";
      })
      .finally(() => {
        controller.current = null;
        if (failure && !text) toast.error(`Your character could not answer: ${failure}`);
        send({ type: "ai-final", turnId, status: failure && !text ? "failed" : abort.signal.aborted ? "stopped" : "complete", text });
      });
  }, [dispatch, mine, roomId, send, turn]);

  // Leaving the page mid-turn stops the request too.
  useEffect(() => () => controller.current?.abort(), []);

  const stop = useCallback(() => controller.current?.abort(), []);
  return { writing: mine, stop };
}
