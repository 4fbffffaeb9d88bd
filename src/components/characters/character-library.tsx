"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { Plus } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { useTRPC } from "@/trpc/react";
import { refetchAfterChange } from "@/trpc/refetch-after-change";
import { CharacterAvatar } from "./character-avatar";
import { ImportDropzone } from "./import-dropzone";

type TSort = "recent" | "name" | "created";

export function CharacterLibrary() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [tag, setTag] = useState("");
  const [sort, setSort] = useState<TSort>("recent");
  const deferredSearch = useDeferredValue(search);
  const characters = useQuery(
    trpc.characters.list.queryOptions({ search: deferredSearch || undefined, tag: tag || undefined, sort }),
  );
  const allTags = useQuery(trpc.characters.list.queryOptions({ sort: "name" }, { select: (rows) => [...new Set(rows.flatMap((row) => row.tags))].sort() }));

  return (
    <div className="space-y-6">
      <ImportDropzone onImported={() => void refetchAfterChange(queryClient, trpc.characters.list.pathKey())} />
      <div className="flex flex-wrap gap-2">
        <Input
          aria-label="Search characters"
          placeholder="Search by name, creator or description"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          className="min-w-48 flex-1"
        />
        <NativeSelect aria-label="Filter by tag" value={tag} onChange={(event) => setTag(event.target.value)}>
          <option value="">All tags</option>
          {(allTags.data ?? []).map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect aria-label="Sort" value={sort} onChange={(event) => setSort(event.target.value as TSort)}>
          <option value="recent">Recently changed</option>
          <option value="name">Name</option>
          <option value="created">Recently added</option>
        </NativeSelect>
      </div>
      {characters.isPending && <p className="text-muted-foreground">Loading characters…</p>}
      {characters.isError && <p className="text-destructive">Could not load characters: {characters.error.message}</p>}
      {characters.data?.length === 0 &&
        (search || tag ? (
          <p className="text-muted-foreground">No character matches.</p>
        ) : (
          <div className="flex flex-wrap items-center gap-3">
            <p className="text-muted-foreground">No characters yet: import a card above, or write one from scratch.</p>
            <Button asChild variant="outline" size="sm">
              <Link href="/characters/new">
                <Plus /> Create a character
              </Link>
            </Button>
          </div>
        ))}
      <ul aria-label="Characters" className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
        {characters.data?.map((character) => (
          <li key={character.id}>
            <Link
              href={`/characters/${character.id}`}
              className="group block overflow-hidden rounded-xl border bg-card outline-none transition-colors hover:border-primary/50 focus-visible:ring-[3px] focus-visible:ring-ring/50"
            >
              <CharacterAvatar characterId={character.id} avatarAssetId={character.avatarAssetId} name={character.name} className="aspect-square w-full" />
              <div className="space-y-1 p-3">
                <p className="truncate font-medium">{character.name}</p>
                {character.creator && <p className="truncate text-xs text-muted-foreground">by {character.creator}</p>}
                <div className="flex flex-wrap gap-1">
                  {character.tags.slice(0, 3).map((name) => (
                    <Badge key={name} variant="secondary">
                      {name}
                    </Badge>
                  ))}
                </div>
              </div>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
