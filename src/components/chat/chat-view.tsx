"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Archive, ArchiveRestore, Pencil, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/input";
import type { TMessageView } from "@/lib/chat/stream-events";
import { formatMicros } from "@/lib/llm/format-cost";
import { useTRPC } from "@/trpc/react";
import { ChatArchivedNotice } from "./chat-archived-notice";
import { ChatPersonaPicker } from "./chat-persona-picker";
import { Composer } from "./composer";
import { MemoriesPanel } from "./memories-panel";
import { ReplyBusyContext } from "./reply-busy";
import { MessageItem, type TDisplayedMessage, type TMessageActions, type TSwipeControl } from "./message-item";
import { TranslationLanguage, useTranslationLanguage } from "./translation-language";
import { useChatRevisionWatch } from "./use-chat-revision-watch";
import { useFollowNewest } from "./use-follow-newest";
import { useReplyStream } from "./use-reply-stream";
import { countOf } from "@/lib/format/plural";
import { DEFAULT_USER_NAME } from "@/lib/chat/macros";

type TTurn = { sequence: number; swipes: TMessageView[]; selectedIndex: number };
/** A turn's selected message as shown, with its controls. */
type TShownTurn = { turn: TTurn; view: TMessageView; message: TDisplayedMessage; actions: TMessageActions; swipes?: TSwipeControl };

const NO_ACTIONS: TMessageActions = {};

function turnsOf(messages: TMessageView[]): TTurn[] {
  const bySequence = new Map<number, TMessageView[]>();
  for (const message of messages) bySequence.set(message.sequence, [...(bySequence.get(message.sequence) ?? []), message]);
  return [...bySequence.entries()]
    .sort(([a], [b]) => a - b)
    .map(([sequence, swipes]) => ({ sequence, swipes, selectedIndex: Math.max(0, swipes.findIndex((swipe) => swipe.selected)) }));
}

function metaOf(message: TMessageView): string | null {
  if (message.role !== "assistant" || !message.modelId) return null;
  const tokens = message.outputTokens !== null ? ` · ${message.inputTokens ?? 0}→${countOf(message.outputTokens, "token")}` : "";
  const cost = message.costCode === "priced" || message.costCode === "partial" ? ` · ${formatMicros(message.costMicros ?? 0)}` : "";
  return `${message.modelId}${tokens}${cost}${message.latencyMs ? ` · ${(message.latencyMs / 1000).toFixed(1)} s` : ""}`;
}

export function ChatView({ chatId }: { chatId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  // Changes made elsewhere arrive through the revision watch below, so focusing the tab need not refetch it all.
  const chat = useQuery(trpc.chats.byId.queryOptions({ id: chatId }, { refetchOnWindowFocus: false }));
  const [language, setLanguage] = useTranslationLanguage();
  const [renaming, setRenaming] = useState(false);
  const newest = useFollowNewest();
  /** Set by ArrowUp in the composer: opens that message (the last own one) for editing, once per nonce. */
  const [editRequest, setEditRequest] = useState<{ messageId: string; nonce: number } | null>(null);
  /** Whether the running stream extends the last reply (Continue) rather than replacing it. */
  const continuation = useRef(false);
  const refresh = useCallback(
    () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.chats.byId.queryKey({ id: chatId }) }), queryClient.invalidateQueries({ queryKey: trpc.chats.list.queryKey() })]),
    [queryClient, trpc, chatId],
  );
  /** The user's message as the server saved it, shown until the chat is refetched after the reply. */
  const [sentMessage, setSentMessage] = useState<TMessageView | null>(null);
  const reply = useReplyStream(
    useCallback(async () => {
      await refresh();
      setSentMessage(null);
    }, [refresh]),
  );
  useChatRevisionWatch(chatId, chat.data?.chat.revision, reply.busy);
  const onError = (error: { message: string }) => toast.error(error.message);
  const mutationDone = { onSuccess: () => void refresh(), onError };
  // `mutate` keeps its identity across renders, so the message controls built from these stay the same objects.
  const { mutate: editMessage } = useMutation(trpc.chats.editMessage.mutationOptions(mutationDone));
  const { mutate: deleteMessage } = useMutation(trpc.chats.deleteMessage.mutationOptions(mutationDone));
  const { mutate: selectSwipe } = useMutation(trpc.chats.selectSwipe.mutationOptions(mutationDone));
  const { mutate: translate } = useMutation(trpc.chats.translate.mutationOptions(mutationDone));
  const { mutate: showTranslation } = useMutation(trpc.chats.showTranslation.mutationOptions(mutationDone));
  const update = useMutation(trpc.chats.update.mutationOptions(mutationDone));
  const { mutate: remember } = useMutation(
    trpc.chats.remember.mutationOptions({
      onSuccess: ({ evicted }) => {
        toast.success(evicted.length > 0 ? "Remembered; the oldest memory made room." : "Remembered.");
        void queryClient.invalidateQueries({ queryKey: trpc.chats.memories.queryKey({ chatId }) });
      },
      onError,
    }),
  );
  const { mutate: fork } = useMutation(trpc.chats.fork.mutationOptions({ onSuccess: ({ id }) => router.push(`/chats/${id}`), onError }));
  const deleteChat = useMutation(trpc.chats.delete.mutationOptions({ onSuccess: () => router.push("/chats"), onError }));

  const turns = useMemo(() => turnsOf(chat.data?.messages ?? []), [chat.data?.messages]);
  const archived = chat.data?.chat.archived ?? false;
  // Built when the messages change, not on every render: while a reply streams, ChatView renders on each delta,
  // and these objects staying the same lets every other MessageItem skip that render.
  const shownTurns = useMemo(
    () =>
      turns.flatMap((turn): TShownTurn[] => {
        const view = turn.swipes[turn.selectedIndex];
        if (!view) return [];
        const actions: TMessageActions = archived
          ? NO_ACTIONS
          : {
              onEdit: (content) => editMessage({ id: view.id, content }),
              onDelete: () => deleteMessage({ id: view.id }),
              onFork: () => fork({ messageId: view.id }),
              onTranslate: () => translate({ id: view.id, language }),
              onToggleTranslation: (show) => showTranslation({ id: view.id, show }),
              onRemember: () => remember({ chatId, content: view.content }),
            };
        const swipes = view.role === "assistant" && !archived ? { index: turn.selectedIndex, count: turn.swipes.length, onSelect: (index: number) => selectSwipe({ id: turn.swipes[index]!.id }) } : undefined;
        return [{ turn, view, message: { ...view, key: view.id, meta: metaOf(view) }, actions, swipes }];
      }),
    [turns, archived, chatId, language, editMessage, deleteMessage, fork, translate, showTranslation, remember, selectSwipe],
  );
  const characterName = chat.data?.character?.name ?? "Character";
  const personaName = chat.data?.persona?.name ?? DEFAULT_USER_NAME;
  const names = useMemo(() => ({ char: characterName, user: personaName }), [characterName, personaName]);
  /** The user's message as sent, until the refetched messages have it. */
  const sentShown = useMemo<TDisplayedMessage | null>(
    () => (sentMessage && !turns.some((turn) => turn.sequence === sentMessage.sequence) ? { ...sentMessage, key: sentMessage.id } : null),
    [sentMessage, turns],
  );
  if (chat.isPending) return <p className="text-muted-foreground">Loading…</p>;
  if (chat.isError) return <p className="text-destructive">{chat.error.message}</p>;
  const { chat: details, character } = chat.data;
  const streaming = reply.streaming;
  const lastTurn = turns.at(-1);
  const lastSelected = lastTurn?.swipes[lastTurn.selectedIndex];
  const lastOwnId = turns.findLast((turn) => turn.swipes[turn.selectedIndex]?.role === "user")?.swipes.find((swipe) => swipe.selected)?.id;

  // A message being streamed has no controls until it is saved.
  const displayed: { viewId?: string; message: TDisplayedMessage; actions: TMessageActions; swipes?: TSwipeControl }[] = [];
  for (const shown of shownTurns) {
    const { turn, view } = shown;
    if (streaming?.sequence === turn.sequence && view.role === "assistant") {
      // A regeneration replaces the turn on screen; a continuation extends it.
      const continuing = streaming.content !== "" && lastSelected?.id === view.id && reply.busy && continuation.current;
      displayed.push({ viewId: view.id, actions: NO_ACTIONS, message: { key: view.id, role: "assistant", content: continuing ? view.content + streaming.content : streaming.content, reasoning: streaming.reasoning || null, status: "streaming" } });
      continue;
    }
    displayed.push({ viewId: view.id, message: shown.message, actions: shown.actions, swipes: shown.swipes });
  }
  if (sentShown) displayed.push({ message: sentShown, actions: NO_ACTIONS });
  if (streaming && (streaming.sequence === null || !turns.some((turn) => turn.sequence === streaming.sequence))) {
    displayed.push({ actions: NO_ACTIONS, message: { key: "streaming", role: "assistant", content: streaming.content, reasoning: streaming.reasoning || null, status: "streaming" } });
  }

  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-4">
      <header className="flex flex-wrap items-center gap-2 border-b pb-3">
        {renaming ? (
          <form
            className="flex flex-1 gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              const title = new FormData(event.currentTarget).get("title");
              if (typeof title === "string") update.mutate({ id: chatId, title });
              setRenaming(false);
            }}
          >
            <Input name="title" aria-label="Chat title" defaultValue={details.title} maxLength={120} autoFocus />
            <Button type="submit" size="sm">
              Rename
            </Button>
          </form>
        ) : (
          <h1 className="min-w-0 flex-1 truncate text-xl font-semibold" data-testid="chat-title">
            {details.title}
          </h1>
        )}
        {details.archived ? null : (
          <Button size="icon" variant="ghost" aria-label="Rename chat" onClick={() => setRenaming(!renaming)}>
            <Pencil />
          </Button>
        )}
        <Button size="icon" variant="ghost" aria-label={details.archived ? "Restore chat" : "Archive chat"} onClick={() => update.mutate({ id: chatId, archived: !details.archived })}>
          {details.archived ? <ArchiveRestore /> : <Archive />}
        </Button>
        <ConfirmDialog
          trigger={
            <Button size="icon" variant="ghost" aria-label="Delete chat">
              <Trash2 />
            </Button>
          }
          title="Delete this chat?"
          description={`“${details.title}” and its ${countOf(turns.length, "message")} will be gone for good. Archive it instead to keep it out of the way.`}
          confirmLabel="Delete chat"
          onConfirm={() => deleteChat.mutateAsync({ id: chatId })}
        />
        <div className="flex w-full flex-wrap items-center gap-3 text-sm text-muted-foreground">
          <span>
            With{" "}
            {character ? (
              <Link className="underline" href={`/characters/${character.id}`}>
                {character.name}
              </Link>
            ) : (
              "a deleted character"
            )}
          </span>
          <ChatPersonaPicker personaId={details.personaId} disabled={details.archived || reply.busy} onChange={(personaId) => update.mutate({ id: chatId, personaId })} />
          <TranslationLanguage value={language} onChange={setLanguage} />
          <MemoriesPanel chatId={chatId} readOnly={details.archived} />
        </div>
      </header>

      {details.archived ? <ChatArchivedNotice onRestore={() => update.mutate({ id: chatId, archived: false })} /> : null}
      <ReplyBusyContext value={reply.busy}>
        <ol ref={newest.listRef} aria-label="Messages" className="flex flex-col gap-4">
          {displayed.map(({ viewId, message, actions, swipes }) => (
            <MessageItem
              key={message.key}
              message={message}
              names={names}
              editRequest={editRequest && viewId === editRequest.messageId ? editRequest.nonce : 0}
              swipes={swipes}
              actions={actions}
            />
          ))}
        </ol>
      </ReplyBusyContext>
      {details.archived ? null : (
        <Composer
          ref={newest.composerRef}
          error={reply.error}
          busy={reply.busy}
          canRetry={Boolean(lastSelected)}
          onJumpToNewest={newest.away ? newest.jumpToNewest : undefined}
          onSwipe={(step) => {
            const target = lastTurn && lastSelected?.role === "assistant" ? lastTurn.swipes[lastTurn.selectedIndex + step] : undefined;
            if (target) selectSwipe({ id: target.id });
          }}
          onEditLast={lastOwnId ? () => setEditRequest((previous) => ({ messageId: lastOwnId, nonce: (previous?.nonce ?? 0) + 1 })) : undefined}
          onSend={(content) => {
            newest.jumpToNewest();
            continuation.current = false;
            return reply.run({ action: "send", chatId, content }, (event) => {
              if (event.type === "user-message") setSentMessage(event.message);
            });
          }}
          onStop={reply.stop}
          onRegenerate={() => {
            continuation.current = false;
            void reply.run({ action: "regenerate", chatId });
          }}
          onContinue={
            lastSelected?.role === "assistant"
              ? () => {
                  continuation.current = true;
                  void reply.run({ action: "continue", chatId });
                }
              : undefined
          }
        />
      )}
    </div>
  );
}
