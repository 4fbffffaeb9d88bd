"use client";

import { Square, SendHorizontal } from "lucide-react";
import { useState, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";

/**
 * The message box. The draft survives failures: it is cleared only once the server has the message, and
 * restored if the request never started.
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

  async function send() {
    const text = draft;
    if (!text.trim() || busy) return;
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
        <Textarea aria-label="Message" placeholder="Write a message…" title="Enter sends; Shift+Enter starts a new line" value={draft} onChange={(event) => setDraft(event.target.value)} onKeyDown={onKeyDown} className="max-h-60 min-h-11 flex-1 resize-y" maxLength={20_000} />
        {busy ? (
          <Button type="button" variant="destructive" onClick={onStop}>
            <Square /> Stop
          </Button>
        ) : (
          <Button type="submit" disabled={!draft.trim()}>
            <SendHorizontal /> Send
          </Button>
        )}
      </form>
    </div>
  );
}
