"use client";

import { useQuery } from "@tanstack/react-query";
import { EyeOff } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import type { TChatStreamEvent } from "@/lib/chat/stream-events";
import { useTRPC } from "@/trpc/react";
import { Composer } from "./composer";
import { MessageItem } from "./message-item";
import { ReplyBusyContext } from "./reply-busy";
import { useConfirmLeaving } from "./use-confirm-leaving";
import { useFollowNewest } from "./use-follow-newest";
import { useReplyStream } from "./use-reply-stream";
import { DEFAULT_USER_NAME } from "@/lib/chat/macros";

type TLocalMessage = { id: number; role: "user" | "assistant"; content: string; reasoning: string | null; status: "complete" | "stopped" };

/**
 * A chat that lives only in this tab: the conversation is sent with each request and nothing is stored on the
 * server. Closing or reloading the tab ends it.
 */
export function IncognitoChat({ characterId, personaId, greetingIndex }: { characterId: string; personaId: string | null; greetingIndex: number }) {
  const trpc = useTRPC();
  const character = useQuery(trpc.characters.byId.queryOptions({ id: characterId }));
  const personas = useQuery(trpc.personas.list.queryOptions());
  const [messages, setMessages] = useState<TLocalMessage[]>([]);
  const nextId = useRef(1);
  const pending = useRef<{ base: TLocalMessage[]; continueFrom: TLocalMessage | null }>({ base: [], continueFrom: null });
  // Stopped: no "done" event arrives, so what streamed so far is kept from the client's copy.
  const reply = useReplyStream(({ stopped, partial }) => {
    if (stopped && partial?.content) finish({ content: partial.content, reasoning: partial.reasoning, status: "stopped" });
    return Promise.resolve();
  });

  const newest = useFollowNewest();
  // The greeting alone is nothing to lose; once the user has written, leaving ends the chat for good.
  useConfirmLeaving(
    messages.some((message) => message.role === "user"),
    "Leave this incognito chat? Nothing of it is saved, so it will be gone.",
  );

  const card = character.data?.card.data;
  useEffect(() => {
    if (!card) return;
    const greetings = [card.first_mes, ...card.alternate_greetings].filter((greeting) => greeting.trim() !== "");
    const greeting = greetings[greetingIndex] ?? greetings[0];
    setMessages(greeting ? [{ id: 0, role: "assistant", content: greeting, reasoning: null, status: "complete" }] : []);
  }, [card, greetingIndex]);

  if (character.isPending) return <p className="text-muted-foreground">Loading…</p>;
  if (character.isError) return <p className="text-destructive">{character.error.message}</p>;
  const persona = personas.data?.find((option) => (personaId ? option.id === personaId : option.isDefault));
  const names = { char: character.data.card.data.name, user: persona?.name ?? DEFAULT_USER_NAME };

  function finish({ content, reasoning, status }: { content: string; reasoning: string; status: "complete" | "stopped" }) {
    const { base, continueFrom } = pending.current;
    if (continueFrom) {
      setMessages(base.map((message) => (message.id === continueFrom.id ? { ...message, content: message.content + content, status } : message)));
    } else if (content || reasoning) {
      setMessages([...base, { id: nextId.current++, role: "assistant", content, reasoning: reasoning || null, status }]);
    }
  }

  function onEvent(event: TChatStreamEvent) {
    if (event.type === "done") finish(event);
  }

  function generate(base: TLocalMessage[], continueFrom: TLocalMessage | null) {
    pending.current = { base, continueFrom };
    setMessages(base);
    return reply.run(
      { incognito: { characterId, personaId, history: base.map(({ role, content }) => ({ role, content })), continueLast: continueFrom !== null } },
      onEvent,
    );
  }

  const last = messages.at(-1);
  const streaming = reply.streaming;
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-4">
      <header className="space-y-1 border-b pb-3">
        <h1 className="flex items-center gap-2 text-xl font-semibold">
          <EyeOff className="size-5" /> Incognito chat with {names.char}
        </h1>
        <p className="text-sm text-muted-foreground">Nothing of this chat is saved. Leaving, reloading or closing this tab ends it (you are asked first).</p>
      </header>
      <ReplyBusyContext value={reply.busy}>
        <ol ref={newest.listRef} aria-label="Messages" className="flex flex-col gap-4">
          {messages.map((message) => {
            const extending = streaming && pending.current.continueFrom?.id === message.id;
            return (
              <MessageItem
                key={message.id}
                names={names}
                message={{ key: String(message.id), role: message.role, content: extending ? message.content + streaming.content : message.content, reasoning: message.reasoning, status: extending ? "streaming" : message.status }}
                actions={{
                  onEdit: (content) => setMessages(messages.map((other) => (other.id === message.id ? { ...other, content } : other))),
                  onDelete: () => setMessages(messages.filter((other) => other.id !== message.id)),
                }}
              />
            );
          })}
          {streaming && !pending.current.continueFrom ? (
            <MessageItem key="streaming" names={names} message={{ key: "streaming", role: "assistant", content: streaming.content, reasoning: streaming.reasoning || null, status: "streaming" }} actions={{}} />
          ) : null}
        </ol>
      </ReplyBusyContext>
      <Composer
        ref={newest.composerRef}
        onJumpToNewest={newest.away ? newest.jumpToNewest : undefined}
        error={reply.error}
        busy={reply.busy}
        canRetry={Boolean(last)}
        onSend={(content) => {
          newest.jumpToNewest();
          return generate([...messages, { id: nextId.current++, role: "user", content, reasoning: null, status: "complete" }], null);
        }}
        onStop={reply.stop}
        onRegenerate={() => void generate(last?.role === "assistant" ? messages.slice(0, -1) : messages, null)}
        onContinue={last?.role === "assistant" ? () => void generate(messages, last) : undefined}
      />
    </div>
  );
}
