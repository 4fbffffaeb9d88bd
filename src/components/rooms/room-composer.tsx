"use client";

import { SendHorizontal } from "lucide-react";
import { memo, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import { ROOM_TEXT_MAX } from "@/lib/rooms/protocol";

/** Typing is announced at most this often while it goes on, and ends after this long without a keystroke. */
const TYPING_REFRESH_MS = 2_000;
const TYPING_IDLE_MS = 3_000;

/** The room's message box. Typing is announced, since characters hold back while anyone types. Memoized: the room re-renders on every message. */
export const RoomComposer = memo(function RoomComposer({ disabled, onSend, onTyping }: { disabled: boolean; onSend: (text: string) => void; onTyping: (typing: boolean) => void }) {
  const [draft, setDraft] = useState("");
  const lastAnnounced = useRef(0);
  const idleTimer = useRef<number | null>(null);

  const stopTyping = () => {
    if (idleTimer.current !== null) window.clearTimeout(idleTimer.current);
    idleTimer.current = null;
    if (lastAnnounced.current !== 0) onTyping(false);
    lastAnnounced.current = 0;
  };
  const stopTypingRef = useRef(stopTyping);
  stopTypingRef.current = stopTyping;
  useEffect(() => () => stopTypingRef.current(), []);

  function onChange(text: string) {
    setDraft(text);
    if (!text.trim()) return stopTyping();
    const now = Date.now();
    if (now - lastAnnounced.current > TYPING_REFRESH_MS) {
      lastAnnounced.current = now;
      onTyping(true);
    }
    if (idleTimer.current !== null) window.clearTimeout(idleTimer.current);
    idleTimer.current = window.setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  function send() {
    const text = draft.trim();
    if (!text || disabled) return;
    if (idleTimer.current !== null) window.clearTimeout(idleTimer.current);
    idleTimer.current = null;
    // Sending ends typing on the host's side too, in the same step.
    lastAnnounced.current = 0;
    onSend(text);
    setDraft("");
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  }

  return (
    <div className="flex items-end gap-2">
      <Textarea aria-label="Message" rows={2} maxLength={ROOM_TEXT_MAX} value={draft} disabled={disabled} onChange={(event) => onChange(event.target.value)} onKeyDown={onKeyDown} placeholder="Write to the room" />
      <Button onClick={send} disabled={disabled || !draft.trim()} aria-label="Send">
        <SendHorizontal />
      </Button>
    </div>
  );
});
