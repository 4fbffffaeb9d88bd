"use client";

import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { useSignalingPeer } from "@/components/p2p/use-signaling-peer";
import type { THostMessage, TParticipantMessage, TRoomMessageBody, TRoomSettings } from "@/lib/rooms/protocol";
import { RoomGuest } from "@/lib/rooms/room-guest";
import { RoomHost } from "@/lib/rooms/room-host";
import { INITIAL_ROOM_VIEW, reduceRoomView } from "@/lib/rooms/room-view-state";
import { retrying } from "@/lib/retry";
import { useTRPCClient, type RouterInputs } from "@/trpc/react";
import { isTransientFailure } from "@/trpc/transient-failure";

export type TCharacterChoice = NonNullable<RouterInputs["rooms"]["join"]["character"]>;
type TPhase = "idle" | "joining" | "joined" | "failed";
/** The host page renews the room this often; the server closes a room whose host page has been quiet for 75 s. */
const HEARTBEAT_MS = 20_000;
const DEPARTURE_RETRY_DELAYS_MS = [1_000, 5_000, 20_000];

/**
 * One page's presence in a room: takes the seat on the server, then either becomes the host (arbiter and
 * channels) or connects to it, and reduces everything the host sends into the room's view.
 */
export function useRoomSession(room: { id: string; slug: string; settings: TRoomSettings }) {
  // Plain client calls, not mutation hooks: nothing here shows a call's state, and the hooks' observers would be
  // updated on every render, which happens for every message in the room.
  const client = useTRPCClient();
  const openSignalingPeer = useSignalingPeer();
  const [view, dispatch] = useReducer(reduceRoomView, INITIAL_ROOM_VIEW);
  const [phase, setPhase] = useState<TPhase>("idle");
  const [error, setError] = useState<string | null>(null);
  const [isHost, setIsHost] = useState(false);
  const linkRef = useRef<RoomHost | RoomGuest | null>(null);
  // A new message is rendered in the same task it arrives in, not after whatever else the page has queued.
  const show = useCallback((message: TRoomMessageBody<THostMessage>) => (message.type === "message" ? flushSync(() => dispatch(message)) : dispatch(message)), []);

  const join = useCallback(
    async (character?: TCharacterChoice, personaId?: string | null) => {
      setPhase("joining");
      setError(null);
      try {
        const peer = await openSignalingPeer();
        const seat = await client.rooms.join.mutate({ slug: room.slug, peerId: peer.id, character, personaId });
        if (seat.isHost) {
          const self = await client.rooms.admit.mutate({ roomId: room.id, participantId: seat.participantId, peerId: peer.id, ticket: seat.ticket });
          linkRef.current = new RoomHost({
            peer,
            self,
            settings: room.settings,
            admit: (request) => client.rooms.admit.mutate({ roomId: room.id, ...request }),
            onDeparture: (participantId, peerId) =>
              // A departure that is never recorded keeps the seat counted as taken, so a lost call is tried again.
              void retrying(() => client.rooms.recordDeparture.mutate({ roomId: room.id, participantId, peerId }), {
                delaysMs: DEPARTURE_RETRY_DELAYS_MS,
                shouldRetry: isTransientFailure,
              }).catch(() => undefined),
            onMessage: show,
          });
        } else {
          linkRef.current = new RoomGuest({
            peer,
            hostPeerId: seat.hostPeerId,
            participantId: seat.participantId,
            ticket: seat.ticket,
            afterSeq: null,
            onMessage: show,
            onLost: (reason) => dispatch({ type: "local-ended", kind: "lost", reason }),
          });
        }
        setIsHost(seat.isHost);
        setPhase("joined");
      } catch (failure) {
        setError(failure instanceof Error ? failure.message : "Joining the room failed.");
        setPhase("failed");
      }
    },
    [client, openSignalingPeer, room.id, room.settings, room.slug, show],
  );

  // The host page keeps the room alive; if the server says it is gone (expired), the room ends for everyone.
  useEffect(() => {
    if (phase !== "joined" || !isHost) return;
    const timer = window.setInterval(() => {
      client.rooms.renew.mutate({ roomId: room.id }).then(
        ({ seated }) => linkRef.current instanceof RoomHost && linkRef.current.keepSeated(seated),
        () => linkRef.current instanceof RoomHost && linkRef.current.close("The room has expired."),
      );
    }, HEARTBEAT_MS);
    return () => window.clearInterval(timer);
  }, [client, isHost, phase, room.id]);

  const send = useCallback((body: TRoomMessageBody<TParticipantMessage>) => linkRef.current?.send(body), []);

  /** Leaving on purpose: a participant frees their seat; the host closes the room for everyone. */
  const leave = useCallback(async () => {
    const link = linkRef.current;
    linkRef.current = null;
    if (link instanceof RoomHost) {
      link.close("The host closed the room.");
      await client.rooms.close.mutate({ roomId: room.id });
    } else {
      link?.leave();
      await client.rooms.leave.mutate({ roomId: room.id });
    }
  }, [client, room.id]);

  /** The arbiter's controls, on the host's page only. */
  const host = useCallback(() => (linkRef.current instanceof RoomHost ? linkRef.current : null), []);

  return { view, dispatch, phase, error, isHost, join, send, leave, host };
}
