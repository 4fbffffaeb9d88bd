"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { CharacterAvatar } from "@/components/characters/character-avatar";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/trpc/react";
import { countOf } from "@/lib/format/plural";

export function ChatList() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [archived, setArchived] = useState(false);
  const chats = useQuery(trpc.chats.list.queryOptions({ search, archived }));
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <Input aria-label="Search chats" placeholder="Search by title or character" className="max-w-sm" value={search} onChange={(event) => setSearch(event.target.value)} />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-primary" checked={archived} onChange={(event) => setArchived(event.target.checked)} />
          Archived
        </label>
      </div>
      {chats.isError ? <p className="text-destructive">{chats.error.message}</p> : null}
      {chats.data?.length === 0 ? <p className="text-sm text-muted-foreground">{search ? "No chat matches." : archived ? "No archived chats." : "No chats yet."}</p> : null}
      <ul aria-label="Chats" className="divide-y rounded-lg border">
        {chats.data?.map((chat) => (
          <li key={chat.id}>
            <Link href={`/chats/${chat.id}`} className="flex items-center gap-3 p-3 hover:bg-accent/50">
              <CharacterAvatar characterId={chat.characterId} avatarAssetId={chat.avatarAssetId} name={chat.characterName} className="size-10 shrink-0 rounded-full text-base" />
              <span className="min-w-0 flex-1">
                <span className="block truncate font-medium">{chat.title}</span>
                <span className="block truncate text-sm text-muted-foreground">
                  {chat.characterName} · {countOf(chat.messageCount, "message")}
                </span>
              </span>
              <time className="shrink-0 text-xs text-muted-foreground" dateTime={new Date(chat.lastMessageAt).toISOString()}>
                {new Date(chat.lastMessageAt).toLocaleDateString()}
              </time>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
