"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, Download, MessagesSquare, Pencil, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTRPC } from "@/trpc/react";
import { AssetGallery } from "./asset-gallery";
import { CharacterAvatar } from "./character-avatar";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <section aria-label={label} className="space-y-1">
      <h3 className="text-sm font-medium text-muted-foreground">{label}</h3>
      <div className="whitespace-pre-wrap break-words text-sm">{children}</div>
    </section>
  );
}

/** Cards from elsewhere often carry fields of only spaces or empty list items: they show as nothing. */
const written = (value: string | undefined): value is string => Boolean(value?.trim());

function TextField({ label, value }: { label: string; value: string | undefined }) {
  if (!written(value)) return null;
  return <Field label={label}>{value.trim()}</Field>;
}

function ListField({ label, values }: { label: string; values: string[] | undefined }) {
  const items = (values ?? []).filter(written);
  if (items.length === 0) return null;
  return (
    <Field label={label}>
      <ol className="list-decimal space-y-1 pl-5">
        {items.map((value, index) => (
          <li key={index}>{value.trim()}</li>
        ))}
      </ol>
    </Field>
  );
}

/** Every field of the card, the way the person who wrote it meant it to be read. */
export function CharacterSheet({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const character = useQuery(trpc.characters.byId.queryOptions({ id }));
  const remove = useMutation(
    trpc.characters.delete.mutationOptions({
      onSuccess: async () => {
        toast.success("Character deleted");
        await queryClient.invalidateQueries({ queryKey: trpc.characters.list.pathKey() });
        router.replace("/characters");
      },
      onError: (error) => toast.error(error.message),
    }),
  );

  const duplicate = useMutation(
    trpc.characters.duplicate.mutationOptions({
      onSuccess: async ({ id: copyId }) => {
        toast.success("Character duplicated");
        await queryClient.invalidateQueries({ queryKey: trpc.characters.list.pathKey() });
        router.push(`/characters/${copyId}`);
      },
      onError: (error) => toast.error(error.message),
    }),
  );

  if (character.isPending) return <p className="text-muted-foreground">Loading…</p>;
  if (character.isError) return <p className="text-destructive">{character.error.message}</p>;
  const { card, avatarAssetId } = character.data;
  const data = card.data;
  const book = data.character_book;
  const byline = [written(data.creator) && `by ${data.creator.trim()}`, written(data.character_version) && `version ${data.character_version.trim()}`].filter(Boolean).join(" · ");
  const tags = data.tags.filter(written);
  const cardDates = [
    data.creation_date !== undefined && `Created ${dateFormat.format(new Date(data.creation_date * 1000))}`,
    data.modification_date !== undefined && `Modified ${dateFormat.format(new Date(data.modification_date * 1000))}`,
  ]
    .filter(Boolean)
    .join(" · ");
  const multilingualNotes = Object.entries(data.creator_notes_multilingual ?? {}).filter(([, notes]) => written(notes));
  const hasWriting =
    [data.description, data.personality, data.scenario, data.first_mes, data.mes_example, data.system_prompt, data.post_history_instructions, data.creator_notes].some(written) ||
    [...data.alternate_greetings, ...data.group_only_greetings, ...(data.source ?? [])].some(written) ||
    multilingualNotes.length > 0 ||
    Object.keys(data.extensions).length > 0;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start gap-6">
        <CharacterAvatar characterId={id} avatarAssetId={avatarAssetId} name={data.name} thumbnail={false} className="size-40 rounded-xl border" />
        <div className="min-w-0 flex-1 space-y-2">
          <h1 className="text-3xl font-semibold tracking-tight">{data.name}</h1>
          {written(data.nickname) && <p className="text-muted-foreground">“{data.nickname.trim()}”</p>}
          {byline && <p className="text-sm text-muted-foreground">{byline}</p>}
          {tags.length > 0 && (
            <ul aria-label="Tags" className="flex flex-wrap gap-1">
              {tags.map((tag) => (
                <li key={tag}>
                  <Badge variant="secondary">{tag}</Badge>
                </li>
              ))}
            </ul>
          )}
          <div className="flex flex-wrap gap-2 pt-2">
            <Button asChild>
              <Link href={`/chats?character=${id}`}>
                <MessagesSquare /> Chat
              </Link>
            </Button>
            <Button asChild variant="outline">
              <Link href={`/characters/${id}/edit`}>
                <Pencil /> Edit
              </Link>
            </Button>
            <Button variant="outline" disabled={duplicate.isPending} onClick={() => duplicate.mutate({ id })}>
              <Copy /> Duplicate
            </Button>
            {(["png", "charx", "json"] as const).map((format) => (
              <Button key={format} asChild variant="outline">
                <a href={`/api/characters/${id}/export?format=${format}`} download>
                  <Download /> {format === "png" ? "PNG card" : format === "charx" ? "CharX" : "JSON"}
                </a>
              </Button>
            ))}
            <ConfirmDialog
              trigger={
                <Button variant="ghost">
                  <Trash2 /> Delete
                </Button>
              }
              title={`Delete ${data.name}?`}
              description={`${data.name} goes from your library with its lorebook, its assets and every chat with ${data.name}. This cannot be undone.`}
              confirmLabel={`Delete ${data.name}`}
              onConfirm={() => remove.mutateAsync({ id }).catch(() => undefined)}
            />
          </div>
        </div>
      </div>

      {hasWriting ? (
        <Card>
          <CardContent className="space-y-5">
            <TextField label="Description" value={data.description} />
            <TextField label="Personality" value={data.personality} />
            <TextField label="Scenario" value={data.scenario} />
            <TextField label="First message" value={data.first_mes} />
            <ListField label="Alternate greetings" values={data.alternate_greetings} />
            <ListField label="Group-only greetings" values={data.group_only_greetings} />
            <TextField label="Example dialogue" value={data.mes_example} />
            <TextField label="System prompt" value={data.system_prompt} />
            <TextField label="Post-history instructions" value={data.post_history_instructions} />
            <TextField label="Creator notes" value={data.creator_notes} />
            {multilingualNotes.length > 0 && (
              <Field label="Creator notes by language">
                {multilingualNotes.map(([language, notes]) => (
                  <p key={language}>
                    <span className="font-medium">{language}:</span> {notes}
                  </p>
                ))}
              </Field>
            )}
            <ListField label="Source" values={data.source} />
            {cardDates && <Field label="Card dates">{cardDates}</Field>}
            {Object.keys(data.extensions).length > 0 && (
              <details>
                <summary className="cursor-pointer text-sm font-medium text-muted-foreground">Extensions (kept as imported)</summary>
                <pre className="mt-2 overflow-x-auto rounded-md bg-muted p-3 text-xs">{JSON.stringify(data.extensions, null, 2)}</pre>
              </details>
            )}
          </CardContent>
        </Card>
      ) : (
        <p className="text-sm text-muted-foreground">Nothing is written on this card yet: edit it to give the character a description and a first message.</p>
      )}

      <Card>
        <CardHeader>
          <CardTitle>Assets</CardTitle>
        </CardHeader>
        <CardContent>
          <AssetGallery characterId={id} assets={character.data.assets} avatarAssetId={avatarAssetId} />
        </CardContent>
      </Card>

      {book && book.entries.length > 0 && (
        <Card>
          <CardHeader>
            <CardTitle>Lorebook{book.name ? `: ${book.name}` : ""}</CardTitle>
          </CardHeader>
          <CardContent>
            <ul aria-label="Lorebook entries" className="divide-y text-sm">
              {book.entries.map((entry, index) => (
                <li key={index} className="py-2">
                  <p className="font-medium">
                    {entry.name ?? (entry.keys.join(", ") || "Untitled entry")}
                    {!entry.enabled && <Badge variant="outline" className="ml-2">disabled</Badge>}
                    {entry.constant && <Badge variant="outline" className="ml-2">constant</Badge>}
                  </p>
                  {entry.keys.length > 0 && <p className="text-muted-foreground">Keys: {entry.keys.join(", ")}</p>}
                  {written(entry.content) && <p className="line-clamp-2">{entry.content}</p>}
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      )}
    </div>
  );
}
