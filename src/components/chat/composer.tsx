"use client";

import { Square, SendHorizontal } from "lucide-react";
import { useState, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import { MESSAGE_TOO_LONG, messageLengthNotice } from "@/lib/chat/message-length";
import { cn } from "@/lib/utils";

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
}: {
  /** The last reply's failure, shown above the box until the next attempt. */
  error: string | null;
  busy: boolean;
  onSend: (text: string) => Promise<boolean>;
  onStop: () => void;
  onRegenerate?: () => void;
  onContinue?: () => void;
  canRetry: boolean;
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

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  }

  return (
    <div className="sticky bottom-0 space-y-2 bg-background/95 pt-2 pb-4 backdrop-blur">
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
          title="Enter sends; Shift+Enter starts a new line"
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
    </div>
  );
}
