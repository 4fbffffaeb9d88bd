"use client";

import { ArrowDown, Square, SendHorizontal } from "lucide-react";
import { useEffect, useState, type KeyboardEvent, type Ref } from "react";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import { MESSAGE_TOO_LONG, messageLengthNotice } from "@/lib/chat/message-length";
import { cn } from "@/lib/utils";

const SHORTCUTS = [
  ["Enter", "Send"],
  ["Shift+Enter", "New line"],
  ["Esc", "Stop the reply"],
  ["← / →", "Previous or next version of the last reply (empty box)"],
  ["↑", "Edit your last message (empty box)"],
] as const;

/**
 * The message box. The draft survives failures: it is cleared only once the server has the message, and
 * restored if the request never started. Near the server's length limit it counts; past it, it says so and
 * will not send (the box never cuts pasted text).
 */
export function Composer({
  error,
  busy,
  onSend,
  onStop,
  onRegenerate,
  onContinue,
  canRetry,
  onSwipe,
  onEditLast,
  onJumpToNewest,
  ref,
}: {
  /** The last reply's failure, shown above the box until the next attempt. */
  error: string | null;
  busy: boolean;
  onSend: (text: string) => Promise<boolean>;
  onStop: () => void;
  onRegenerate?: () => void;
  onContinue?: () => void;
  canRetry: boolean;
  /** ArrowLeft/ArrowRight in an empty box: the last reply's previous or next alternative. */
  onSwipe?: (step: -1 | 1) => void;
  /** ArrowUp in an empty box: edit the last message the user wrote. */
  onEditLast?: () => void;
  /** Shown when the reader has scrolled away from the newest message. */
  onJumpToNewest?: () => void;
  ref?: Ref<HTMLDivElement>;
}) {
  const [draft, setDraft] = useState("");
  const length = messageLengthNotice(draft.length);
  const sendable = draft.trim() !== "" && !length?.tooLong;

  async function send() {
    const text = draft;
    if (!sendable || busy) return;
    setDraft("");
    const accepted = await onSend(text);
    if (!accepted) setDraft((current) => current || text);
  }

  // Esc stops a reply wherever the focus is (the Stop button takes it from the box), unless a dialog took it.
  useEffect(() => {
    if (!busy) return;
    const stopOnEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) onStop();
    };
    window.addEventListener("keydown", stopOnEscape);
    return () => window.removeEventListener("keydown", stopOnEscape);
  }, [busy, onStop]);

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      void send();
      return;
    }
    if (draft !== "" || busy || event.shiftKey) return;
    const act = { ArrowLeft: onSwipe && (() => onSwipe(-1)), ArrowRight: onSwipe && (() => onSwipe(1)), ArrowUp: onEditLast }[event.key];
    if (act) {
      event.preventDefault();
      act();
    }
  }

  return (
    <div ref={ref} className="sticky bottom-0 space-y-2 bg-background/95 pt-2 pb-4 backdrop-blur">
      {onJumpToNewest ? (
        <Button size="sm" variant="secondary" className="absolute -top-10 left-1/2 -translate-x-1/2 shadow-md" onClick={onJumpToNewest}>
          <ArrowDown /> Jump to newest
        </Button>
      ) : null}
      {error ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
          {error}
        </p>
      ) : null}
      {canRetry && !busy ? (
        <div className="flex gap-2">
          {onRegenerate ? (
            <Button size="sm" variant="outline" onClick={onRegenerate}>
              Regenerate
            </Button>
          ) : null}
          {onContinue ? (
            <Button size="sm" variant="outline" onClick={onContinue}>
              Continue
            </Button>
          ) : null}
        </div>
      ) : null}
      <form
        className="flex items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <Textarea
          aria-label="Message"
          aria-describedby={length ? "message-length" : undefined}
          aria-invalid={length?.tooLong ? true : undefined}
          placeholder="Write a message…"
          aria-keyshortcuts="Enter Shift+Enter Escape ArrowLeft ArrowRight ArrowUp"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          className="max-h-60 min-h-11 flex-1 resize-y"
        />
        {busy ? (
          <Button type="button" variant="destructive" onClick={onStop}>
            <Square /> Stop
          </Button>
        ) : (
          <Button type="submit" disabled={!sendable}>
            <SendHorizontal /> Send
          </Button>
        )}
      </form>
      {length ? (
        <p id="message-length" aria-live="polite" className={cn("text-right text-xs", length.tooLong ? "text-destructive" : "text-muted-foreground")}>
          {length.tooLong ? `${MESSAGE_TOO_LONG} ` : null}
          <span data-testid="message-length">{length.count}</span>
        </p>
      ) : null}
      <details className="text-xs text-muted-foreground">
        <summary className="w-fit cursor-pointer select-none">Keyboard shortcuts</summary>
        <dl aria-label="Keyboard shortcuts" className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
          {SHORTCUTS.map(([keys, effect]) => (
            <div key={keys} className="contents">
              <dt>
                <kbd className="rounded border px-1 font-mono">{keys}</kbd>
              </dt>
              <dd>{effect}</dd>
            </div>
          ))}
        </dl>
      </details>
    </div>
  );
}
