"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState, type FormEvent, type ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import type { TCharacterCardData } from "@/lib/character-card/card-schema";
import { useTRPC } from "@/trpc/react";
import { CommaListInput } from "./comma-list-input";
import { ImportDropzone } from "./import-dropzone";
import { LorebookEditor, type TLorebookDraft } from "./lorebook-editor";
import { useUnsavedChangesGuard } from "./use-unsaved-changes-guard";

type TFields = Omit<TCharacterCardData, "assets" | "character_book">;
type TIssue = { path: PropertyKey[]; message: string };

export function CharacterEditor({ id }: { id: string }) {
  const trpc = useTRPC();
  const character = useQuery(trpc.characters.byId.queryOptions({ id }, { refetchOnWindowFocus: false, staleTime: Infinity }));
  if (character.isPending) return <p className="text-muted-foreground">Loading…</p>;
  if (character.isError) return <p className="text-destructive">{character.error.message}</p>;
  const { assets: _assets, character_book: book, ...fields } = character.data.card.data;
  return <EditorForm id={id} initialFields={fields} initialLorebook={book ?? { extensions: {}, entries: [] }} hadLorebook={Boolean(book)} />;
}

function EditorForm({
  id,
  initialFields,
  initialLorebook,
  hadLorebook,
}: {
  id: string;
  initialFields: TFields;
  initialLorebook: TLorebookDraft;
  hadLorebook: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [fields, setFields] = useState(initialFields);
  const [lorebook, setLorebook] = useState(initialLorebook);
  const [saved, setSaved] = useState({ fields: initialFields, lorebook: initialLorebook });
  const [issues, setIssues] = useState<TIssue[]>([]);
  const dirty = JSON.stringify(fields) !== JSON.stringify(saved.fields) || JSON.stringify(lorebook) !== JSON.stringify(saved.lorebook);
  const lorebookDirty = JSON.stringify(lorebook) !== JSON.stringify(saved.lorebook);
  useUnsavedChangesGuard(dirty);

  /** An imported lorebook was saved on the server: take its entries into the draft. */
  async function reloadLorebook() {
    const fresh = await queryClient.fetchQuery(trpc.characters.byId.queryOptions({ id }, { staleTime: 0 }));
    const book = fresh.card.data.character_book ?? { extensions: {}, entries: [] };
    setLorebook(book);
    setSaved((current) => ({ ...current, lorebook: book }));
  }

  const updateFields = useMutation(trpc.characters.update.mutationOptions());
  const saveLorebook = useMutation(trpc.characters.saveLorebook.mutationOptions());
  const saving = updateFields.isPending || saveLorebook.isPending;
  const set = <K extends keyof TFields>(key: K, value: TFields[K]) => setFields((current) => ({ ...current, [key]: value }));
  const issueFor = (...path: PropertyKey[]) =>
    issues.find((issue) => path.every((part, index) => String(issue.path[index]) === String(part)))?.message;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setIssues([]);
    try {
      await updateFields.mutateAsync({ id, fields });
      // A card without a lorebook keeps having none until an entry is added.
      const keepLorebook = hadLorebook || lorebook.entries.length > 0;
      await saveLorebook.mutateAsync({ id, lorebook: keepLorebook ? lorebook : null });
    } catch (error) {
      const data = (error as { data?: { zodIssues?: TIssue[] } }).data;
      setIssues((data?.zodIssues ?? []).map((issue) => ({ ...issue, path: issue.path.slice(issue.path[0] === "fields" || issue.path[0] === "lorebook" ? 1 : 0) })));
      toast.error(data?.zodIssues?.length ? "Some fields need attention." : (error as Error).message);
      return;
    }
    setSaved({ fields, lorebook });
    await queryClient.invalidateQueries({ queryKey: trpc.characters.pathKey() });
    toast.success("Character saved");
  }

  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">Edit {saved.fields.name}</h1>
        <div className="flex items-center gap-2">
          {dirty && <span className="text-sm text-muted-foreground">Unsaved changes</span>}
          <Button asChild variant="ghost">
            <Link href={`/characters/${id}`}>Back</Link>
          </Button>
          <Button type="submit" disabled={saving || !dirty}>
            {saving ? "Saving…" : "Save"}
          </Button>
        </div>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Card</CardTitle>
        </CardHeader>
        <CardContent className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <TextInput label="Name" value={fields.name} onChange={(value) => set("name", value)} error={issueFor("name")} />
            <TextInput label="Nickname" value={fields.nickname ?? ""} onChange={(value) => set("nickname", value || undefined)} error={issueFor("nickname")} />
            <TextInput label="Creator" value={fields.creator} onChange={(value) => set("creator", value)} error={issueFor("creator")} />
            <TextInput label="Character version" value={fields.character_version} onChange={(value) => set("character_version", value)} error={issueFor("character_version")} />
          </div>
          <FieldShell label="Tags (comma-separated)" error={issueFor("tags")} htmlFor={idFor("Tags")}>
            <CommaListInput id={idFor("Tags")} values={fields.tags} onChange={(tags) => set("tags", tags)} aria-invalid={Boolean(issueFor("tags"))} />
          </FieldShell>
          <LongText label="Description" value={fields.description} onChange={(value) => set("description", value)} error={issueFor("description")} rows={6} />
          <LongText label="Personality" value={fields.personality} onChange={(value) => set("personality", value)} error={issueFor("personality")} />
          <LongText label="Scenario" value={fields.scenario} onChange={(value) => set("scenario", value)} error={issueFor("scenario")} />
          <LongText label="First message" value={fields.first_mes} onChange={(value) => set("first_mes", value)} error={issueFor("first_mes")} rows={5} />
          <TextList label="Alternate greetings" values={fields.alternate_greetings} onChange={(values) => set("alternate_greetings", values)} />
          <TextList label="Group-only greetings" values={fields.group_only_greetings} onChange={(values) => set("group_only_greetings", values)} />
          <LongText label="Example dialogue" value={fields.mes_example} onChange={(value) => set("mes_example", value)} error={issueFor("mes_example")} rows={6} />
          <LongText label="System prompt" value={fields.system_prompt} onChange={(value) => set("system_prompt", value)} error={issueFor("system_prompt")} />
          <LongText label="Post-history instructions" value={fields.post_history_instructions} onChange={(value) => set("post_history_instructions", value)} error={issueFor("post_history_instructions")} />
          <LongText label="Creator notes" value={fields.creator_notes} onChange={(value) => set("creator_notes", value)} error={issueFor("creator_notes")} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Lorebook</CardTitle>
        </CardHeader>
        <CardContent className="space-y-4">
          {lorebookDirty ? (
            <p className="text-sm text-muted-foreground">Save your lorebook changes to import another lorebook into it.</p>
          ) : (
            <ImportDropzone
              characterId={id}
              label="Import a lorebook"
              hint="Add the entries of a CCv3 lorebook or SillyTavern world-info file."
              onImported={(outcomes) => {
                if (outcomes.some((outcome) => outcome.ok)) void reloadLorebook();
              }}
            />
          )}
          <LorebookEditor lorebook={lorebook} onChange={setLorebook} />
        </CardContent>
      </Card>
    </form>
  );
}

function FieldShell({ label, error, htmlFor, children }: { label: string; error?: string; htmlFor: string; children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <Label htmlFor={htmlFor}>{label}</Label>
      {children}
      {error && <p className="text-sm text-destructive">{error}</p>}
    </div>
  );
}

const idFor = (label: string) => `field-${label.toLowerCase().replace(/\W+/g, "-")}`;

function TextInput({ label, value, onChange, error }: { label: string; value: string; onChange: (value: string) => void; error?: string }) {
  return (
    <FieldShell label={label} error={error} htmlFor={idFor(label)}>
      <Input id={idFor(label)} value={value} onChange={(event) => onChange(event.target.value)} aria-invalid={Boolean(error)} />
    </FieldShell>
  );
}

function LongText({ label, value, onChange, error, rows = 3 }: { label: string; value: string; onChange: (value: string) => void; error?: string; rows?: number }) {
  return (
    <FieldShell label={label} error={error} htmlFor={idFor(label)}>
      <Textarea id={idFor(label)} rows={rows} value={value} onChange={(event) => onChange(event.target.value)} aria-invalid={Boolean(error)} />
    </FieldShell>
  );
}

function TextList({ label, values, onChange }: { label: string; values: string[]; onChange: (values: string[]) => void }) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">{label}</legend>
      {values.map((value, index) => (
        <div key={index} className="flex gap-2">
          <Textarea aria-label={`${label} ${index + 1}`} rows={2} value={value} onChange={(event) => onChange(values.map((item, at) => (at === index ? event.target.value : item)))} />
          <Button type="button" size="icon" variant="ghost" aria-label={`Remove ${label.toLowerCase()} ${index + 1}`} onClick={() => onChange(values.filter((_, at) => at !== index))}>
            <Trash2 />
          </Button>
        </div>
      ))}
      <Button type="button" size="sm" variant="outline" onClick={() => onChange([...values, ""])}>
        <Plus /> Add
      </Button>
    </fieldset>
  );
}
