"use client";

import { Brain, ChevronLeft, ChevronRight, Copy, GitFork, Languages, Pencil, Pin, Trash2 } from "lucide-react";
import { memo, useEffect, useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import { withNames } from "@/lib/chat/macros";
import { cn } from "@/lib/utils";
import { MarkdownMessage } from "./markdown-message";
import { IdleOnlyButton } from "./reply-busy";

export type TDisplayedMessage = {
  key: string;
  role: "user" | "assistant";
  /** A line someone else said, in a room transcript saved as a chat: shown under their name. */
  speakerName?: string | null;
  content: string;
  reasoning: string | null;
  translatedContent?: string | null;
  translatedLanguage?: string | null;
  showTranslation?: boolean;
  status: "complete" | "stopped" | "error" | "streaming";
  error?: string | null;
  meta?: string | null;
};

export type TMessageActions = {
  onEdit?: (content: string) => void;
  onDelete?: () => void;
  onFork?: () => void;
  onTranslate?: () => void;
  onToggleTranslation?: (show: boolean) => void;
  onRemember?: () => void;
};

export type TSwipeControl = { index: number; count: number; onSelect: (index: number) => void };

/**
 * Memoized, so a streamed delta re-renders only the growing reply: the caller keeps `message`, `names`, `actions`
 * and `swipes` the same objects while a message has not changed.
 */
export const MessageItem = memo(function MessageItem({
  message,
  names,
  actions,
  swipes,
  editRequest,
}: {
  message: TDisplayedMessage;
  names: { char: string; user: string };
  actions: TMessageActions;
  swipes?: TSwipeControl;
  /** Opens the edit box each time it changes (ArrowUp in the composer); 0 leaves it closed. */
  editRequest?: number;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.content);
  useEffect(() => {
    if (!editRequest) return;
    setDraft(message.content);
    setEditing(true);
    // Only a new request opens it; the content it starts from is read at that moment.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editRequest]);
  const fromUser = message.role === "user";
  const speaker = fromUser ? (message.speakerName ?? names.user) : names.char;
  const translated = Boolean(message.showTranslation && message.translatedContent);
  const shown = withNames(translated ? (message.translatedContent ?? "") : message.content, names);

  return (
    <li
      data-role={message.role}
      data-status={message.status}
      aria-label={`${speaker} says`}
      className={cn("group flex flex-col gap-1 [contain-intrinsic-size:auto_7rem] [content-visibility:auto]", fromUser ? "items-end" : "items-start")}
    >
      <span className="px-1 text-xs font-medium text-muted-foreground">{speaker}</span>
      <div className={cn("max-w-[min(42rem,100%)] rounded-2xl px-4 py-2.5", fromUser ? "bg-primary text-primary-foreground" : "bg-muted/60")}>
        {message.reasoning ? (
          <details className="mb-2 text-sm text-muted-foreground">
            <summary className="flex cursor-pointer items-center gap-1 select-none">
              <Brain className="size-3.5" /> Reasoning
            </summary>
            <p className="mt-1 whitespace-pre-wrap">{message.reasoning}</p>
          </details>
        ) : null}
        {editing ? (
          <form
            className="space-y-2"
            onSubmit={(event) => {
              event.preventDefault();
              actions.onEdit?.(draft);
              setEditing(false);
            }}
          >
            <Textarea
              aria-label="Edit message"
              value={draft}
              autoFocus
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={(event) => {
                if (event.key !== "Escape") return;
                event.preventDefault();
                setEditing(false);
              }}
              className="min-h-24 bg-background text-foreground"
            />
            <div className="flex gap-2">
              <Button type="submit" size="sm" variant="secondary" disabled={!draft.trim()}>
                Save edit
              </Button>
              <Button type="button" size="sm" variant="ghost" onClick={() => setEditing(false)}>
                Cancel
              </Button>
            </div>
          </form>
        ) : (
          <div data-testid="message-content">
            {shown ? <MarkdownMessage text={shown} onAccent={fromUser} /> : message.status === "streaming" ? <span className="animate-pulse text-muted-foreground">…</span> : null}
          </div>
        )}
        {message.status === "stopped" ? <p className="mt-1 text-xs opacity-70">Stopped</p> : null}
        {message.error ? (
          <p role="alert" className="mt-1 text-sm text-destructive">
            {message.error}
          </p>
        ) : null}
        {translated ? <p className="mt-1 text-xs opacity-70">Translated ({message.translatedLanguage})</p> : null}
      </div>
      <div className="flex flex-wrap items-center gap-0.5 text-muted-foreground">
        {swipes && swipes.count > 1 ? (
          <span className="flex items-center text-xs" aria-label="Alternative replies">
            <IdleOnlyButton size="icon" variant="ghost" className="size-7" aria-label="Previous reply" disabled={swipes.index === 0} onClick={() => swipes.onSelect(swipes.index - 1)}>
              <ChevronLeft />
            </IdleOnlyButton>
            <span data-testid="swipe-position">
              {swipes.index + 1}/{swipes.count}
            </span>
            <IdleOnlyButton size="icon" variant="ghost" className="size-7" aria-label="Next reply" disabled={swipes.index >= swipes.count - 1} onClick={() => swipes.onSelect(swipes.index + 1)}>
              <ChevronRight />
            </IdleOnlyButton>
          </span>
        ) : null}
        {message.status !== "streaming" ? (
          <>
            <IconAction label="Copy" icon={Copy} onClick={() => void navigator.clipboard?.writeText(message.content)} />
            {actions.onEdit ? (
              <IconAction
                label="Edit"
                icon={Pencil}
                idleOnly
                onClick={() => {
                  setDraft(message.content);
                  setEditing(true);
                }}
              />
            ) : null}
            {actions.onTranslate && !message.translatedContent ? <IconAction label="Translate" icon={Languages} idleOnly onClick={actions.onTranslate} /> : null}
            {actions.onToggleTranslation && message.translatedContent ? (
              <Button size="sm" variant="ghost" className="h-7 px-2 text-xs" onClick={() => actions.onToggleTranslation?.(!translated)}>
                {translated ? "Show original" : "Show translation"}
              </Button>
            ) : null}
            {actions.onRemember ? <IconAction label="Remember this" icon={Pin} onClick={actions.onRemember} /> : null}
            {actions.onFork ? <IconAction label="Fork from here" icon={GitFork} idleOnly onClick={actions.onFork} /> : null}
            {actions.onDelete ? (
              <ConfirmDialog
                trigger={
                  <IdleOnlyButton size="icon" variant="ghost" className="size-7" aria-label="Delete" title="Delete">
                    <Trash2 className="size-3.5" />
                  </IdleOnlyButton>
                }
                title="Delete this message?"
                description={`${fromUser ? "Your message" : `${names.char}'s reply`} will be gone for good${swipes && swipes.count > 1 ? " (only this version; the others stay)" : ""}.`}
                confirmLabel="Delete message"
                onConfirm={actions.onDelete}
              />
            ) : null}
            {message.meta ? <span className="px-1 text-xs opacity-0 transition-opacity group-hover:opacity-100">{message.meta}</span> : null}
          </>
        ) : null}
      </div>
    </li>
  );
});

/** An icon button; `idleOnly` ones wait while a reply is being written. */
function IconAction({ label, icon: Icon, onClick, idleOnly }: { label: string; icon: typeof Copy; onClick: () => void; idleOnly?: boolean }) {
  const Action = idleOnly ? IdleOnlyButton : Button;
  return (
    <Action size="icon" variant="ghost" className="size-7" aria-label={label} title={label} onClick={onClick}>
      <Icon className="size-3.5" />
    </Action>
  );
}
