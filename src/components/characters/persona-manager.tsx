"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { postFile } from "@/lib/post-file";
import { useTRPC } from "@/trpc/react";

type TDraft = { name: string; description: string; isDefault: boolean };
const EMPTY: TDraft = { name: "", description: "", isDefault: false };
const NEW_PERSONA = "new";

export function PersonaManager() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const personas = useQuery(trpc.personas.list.queryOptions());
  /** A persona's ID, NEW_PERSONA, or null when nothing is open. */
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState<TDraft>(EMPTY);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.personas.list.queryKey() });
  const onError = (error: { message: string }) => toast.error(error.message);
  const create = useMutation(trpc.personas.create.mutationOptions({ onSuccess: () => void refresh().then(() => setEditing(null)), onError }));
  const update = useMutation(trpc.personas.update.mutationOptions({ onSuccess: () => void refresh().then(() => setEditing(null)), onError }));
  const remove = useMutation(trpc.personas.delete.mutationOptions({ onSuccess: () => void refresh(), onError }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (editing === NEW_PERSONA) create.mutate(draft);
    else if (editing) update.mutate({ id: editing, fields: draft });
  }

  const form = (
    <Card>
      <form onSubmit={onSubmit}>
        <CardContent className="space-y-3">
          <div className="space-y-1.5">
            <Label htmlFor="persona-name">Name</Label>
            <Input id="persona-name" value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="persona-description">Description</Label>
            <Textarea id="persona-description" value={draft.description} onChange={(event) => setDraft({ ...draft, description: event.target.value })} />
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" className="size-4 accent-primary" checked={draft.isDefault} onChange={(event) => setDraft({ ...draft, isDefault: event.target.checked })} />
            Use by default
          </label>
          <div className="flex gap-2">
            <Button type="submit" disabled={create.isPending || update.isPending || !draft.name.trim()}>
              Save persona
            </Button>
            <Button type="button" variant="ghost" onClick={() => setEditing(null)}>
              Cancel
            </Button>
          </div>
        </CardContent>
      </form>
    </Card>
  );

  if (personas.isPending) return <p className="text-muted-foreground">Loading…</p>;
  if (personas.isError) return <p className="text-destructive">{personas.error.message}</p>;
  return (
    <div className="space-y-4">
      <ul aria-label="Personas" className="space-y-3">
        {personas.data.map((persona) => (
          <li key={persona.id}>
            {editing === persona.id ? (
              form
            ) : (
              <Card>
                <CardContent className="flex flex-wrap items-start gap-3">
                  <PersonaPicture personaId={persona.id} name={persona.name} version={persona.avatarSha256} onChanged={() => void refresh()} />
                  <div className="min-w-0 flex-1">
                    <p className="flex items-center gap-2 font-medium">
                      {persona.name}
                      {persona.isDefault && <Badge variant="success">Default</Badge>}
                    </p>
                    <p className="whitespace-pre-wrap text-sm text-muted-foreground">{persona.description}</p>
                  </div>
                  <Button
                    variant="outline"
                    size="sm"
                    onClick={() => {
                      setDraft({ name: persona.name, description: persona.description, isDefault: persona.isDefault });
                      setEditing(persona.id);
                    }}
                  >
                    Edit
                  </Button>
                  <ConfirmDialog
                    trigger={
                      <Button variant="ghost" size="sm" aria-label={`Delete ${persona.name}`}>
                        Delete
                      </Button>
                    }
                    title={`Delete the persona ${persona.name}?`}
                    description={`${persona.name} and its picture are removed. Chats that used it keep their messages.`}
                    confirmLabel={`Delete ${persona.name}`}
                    onConfirm={() => remove.mutateAsync({ id: persona.id }).catch(() => undefined)}
                  />
                </CardContent>
              </Card>
            )}
          </li>
        ))}
      </ul>
      {editing === NEW_PERSONA ? (
        form
      ) : (
        <Button
          onClick={() => {
            setDraft(EMPTY);
            setEditing(NEW_PERSONA);
          }}
        >
          New persona
        </Button>
      )}
    </div>
  );
}

/** The persona's picture; clicking it uploads a new one. */
function PersonaPicture({ personaId, name, version, onChanged }: { personaId: string; name: string; version: string | null; onChanged: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);

  async function upload(file: File | undefined) {
    if (!file) return;
    setUploading(true);
    try {
      await postFile(`/api/personas/${personaId}/avatar`, file);
      toast.success("Picture updated");
      onChanged();
    } catch (error) {
      toast.error((error as Error).message);
    } finally {
      setUploading(false);
    }
  }

  return (
    <>
      <input
        ref={input}
        type="file"
        accept="image/png,image/jpeg,image/webp,image/gif,image/avif"
        className="hidden"
        aria-label={`Picture file for ${name}`}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = "";
          void upload(file);
        }}
      />
      <button
        type="button"
        disabled={uploading}
        onClick={() => input.current?.click()}
        aria-label={`Change picture of ${name}`}
        className="size-14 shrink-0 overflow-hidden rounded-full border outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        {version ? (
          // eslint-disable-next-line @next/next/no-img-element -- owner-only route
          <img src={`/api/personas/${personaId}/avatar?v=${version.slice(0, 16)}`} alt={`Picture of ${name}`} className="size-full object-cover" />
        ) : (
          <span aria-hidden className="grid size-full place-items-center bg-primary/15 text-lg font-semibold text-primary">
            {name.slice(0, 1).toUpperCase()}
          </span>
        )}
      </button>
    </>
  );
}
