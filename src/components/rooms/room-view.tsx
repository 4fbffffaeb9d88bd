"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { toast } from "sonner";
import { InviteLinks } from "@/components/p2p/invite-links";
import { Button } from "@/components/ui/button";
import { TURN_POLICY_LABELS } from "@/lib/rooms/turn-policy";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { ParticipantList, type THostControls } from "./participant-list";
import { RoomComposer } from "./room-composer";
import { RoomSettingsForm } from "./room-settings-form";
import { RoomTranscript } from "./room-transcript";
import { useCharacterTurn } from "./use-character-turn";
import type { useRoomSession } from "./use-room-session";
import { countOf } from "@/lib/format/plural";

type TSession = ReturnType<typeof useRoomSession>;

export function RoomView({ lobby, session }: { lobby: RouterOutputs["rooms"]["lobby"]; session: TSession }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { view, send, dispatch, isHost } = session;
  const { writing, stop } = useCharacterTurn(lobby.id, view, send, dispatch);
  const [confirmingLeave, setConfirmingLeave] = useState(false);
  const kick = useMutation(trpc.rooms.kick.mutationOptions());
  const saveSettings = useMutation(trpc.rooms.updateSettings.mutationOptions());
  const save = useMutation(
    trpc.rooms.saveTranscript.mutationOptions({
      onSuccess: ({ chatId }) => toast.success("Saved to your chats.", { action: { label: "Open", onClick: () => router.push(`/chats/${chatId}`) } }),
      onError: (error) => toast.error(error.message),
    }),
  );
  const settings = view.settings ?? lobby.settings;
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  // Join, leave and remove lines are not conversation: with only those, there is nothing to say or save yet.
  const spoken = view.transcript.some((message) => message.kind !== "notice");
  const typingNames = view.participants.filter((participant) => view.typing.includes(participant.participantId) && participant.participantId !== view.you).map((participant) => participant.displayName);

  const { host } = session;
  const { mutate: kickOnServer } = kick;
  const hostControls = useMemo<THostControls | null>(
    () =>
      isHost
        ? {
            letSpeak: (participantId) => host()?.letSpeak(participantId),
            setMuted: (participantId, muted) => host()?.setMuted(participantId, muted),
            kick: (participant) =>
              kickOnServer(
                { roomId: lobby.id, participantId: participant.participantId },
                { onSuccess: () => host()?.kick(participant.participantId), onError: (error) => toast.error(error.message) },
              ),
          }
        : null,
    [host, isHost, kickOnServer, lobby.id],
  );
  const sendChat = useCallback((text: string) => send({ type: "chat", text }), [send]);
  const sendTyping = useCallback((typing: boolean) => send({ type: "typing", typing }), [send]);

  async function leave() {
    await session.leave().catch(() => undefined);
    router.push("/rooms");
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_300px]">
      <section className="min-w-0 space-y-4">
        <header className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">{settings.title}</h1>
            <p className="text-sm text-muted-foreground">
              {TURN_POLICY_LABELS[settings.turnPolicy]} · up to {countOf(settings.maxAiRepliesPerMessage, "character reply", "character replies")} per message
            </p>
          </div>
          <div className="flex gap-2">
            <Button variant="outline" size="sm" disabled={!spoken || save.isPending} onClick={() => save.mutate({ roomId: lobby.id, messages: view.transcript.map(({ kind, participantId, speakerName, text }) => ({ kind, participantId, speakerName, text })) })}>
              Save to my chats
            </Button>
            {view.ended ? (
              <Button variant="outline" size="sm" asChild>
                <Link href="/rooms">Back to rooms</Link>
              </Button>
            ) : confirmingLeave ? (
              <div role="group" aria-label="Confirm leaving" className="flex items-center gap-2 text-sm">
                {isHost ? "Close the room for everyone?" : "Leave this room?"}
                <Button variant="destructive" size="sm" onClick={() => void leave()}>
                  {isHost ? "Close it" : "Leave"}
                </Button>
                <Button variant="outline" size="sm" onClick={() => setConfirmingLeave(false)}>
                  Stay
                </Button>
              </div>
            ) : (
              <Button variant="outline" size="sm" onClick={() => setConfirmingLeave(true)}>
                {isHost ? "Close room" : "Leave room"}
              </Button>
            )}
          </div>
        </header>
        {view.ended ? (
          <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
            {view.ended.reason}
          </p>
        ) : null}
        {!spoken && !view.turn ? <p className="text-sm text-muted-foreground">No messages yet. Say hello!</p> : null}
        <RoomTranscript transcript={view.transcript} participants={view.participants} turn={view.turn} />
        {view.turnError ? <p className="text-sm text-muted-foreground">{view.turnError}</p> : null}
        <p role="status" className="min-h-5 text-sm text-muted-foreground">
          {typingNames.length > 0 ? `${typingNames.join(", ")} ${typingNames.length === 1 ? "is" : "are"} typing… characters wait.` : ""}
        </p>
        {writing ? (
          <Button variant="outline" size="sm" onClick={stop}>
            Stop my character
          </Button>
        ) : null}
        {view.notSent ? (
          <p role="alert" className="text-sm text-destructive">
            {view.notSent}
          </p>
        ) : null}
        {/* On a phone the composer sticks to the bottom of the screen while the conversation is in view. */}
        <div className="sticky bottom-0 z-10 -mx-1 bg-background px-1 py-2 lg:static lg:p-0">
          <RoomComposer disabled={view.ended !== null} onSend={sendChat} onTyping={sendTyping} />
        </div>
      </section>
      <aside className="space-y-6">
        <section aria-label="Invite" className="space-y-2">
          <h2 className="text-sm font-medium">Invite</h2>
          <InviteLinks shortUrl={`${origin}/rooms/${lobby.shortSlug}`} longUrl={`${origin}/rooms/${lobby.longSlug}`} qrLabel="QR code of the room link" />
        </section>
        <section className="space-y-2">
          <h2 className="text-sm font-medium">
            Participants ({view.participants.length} of {lobby.maxParticipants})
          </h2>
          <ParticipantList participants={view.participants} you={view.you} typing={view.typing} speakingId={view.turn?.participantId ?? null} hostControls={view.ended ? null : hostControls} />
        </section>
        {isHost && !view.ended ? (
          <RoomSettingsForm
            settings={settings}
            onChange={(next) => {
              // The arbiter applies it at once (it is the room's authority); the server keeps it for the lobby.
              session.host()?.updateSettings(next);
              saveSettings.mutate({ roomId: lobby.id, turnPolicy: next.turnPolicy, maxAiRepliesPerMessage: next.maxAiRepliesPerMessage }, { onError: (error) => toast.error(error.message) });
            }}
          />
        ) : null}
      </aside>
    </div>
  );
}
