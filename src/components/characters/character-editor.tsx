"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { blankCardData, type TCharacterCardData } from "@/lib/character-card/card-schema";
import { postFile } from "@/lib/post-file";
import { useTRPC } from "@/trpc/react";
import { CommaListInput } from "./comma-list-input";
import { ImportDropzone } from "./import-dropzone";
import { LorebookEditor, type TLorebookDraft } from "./lorebook-editor";
import { PictureField } from "./picture-field";
import { useUnsavedChangesGuard } from "./use-unsaved-changes-guard";

type TFields = Omit<TCharacterCardData, "assets" | "character_book">;
type TIssue = { path: PropertyKey[]; message: string };

export function CharacterEditor({ id }: { id: string }) {
  const trpc = useTRPC();
  const character = useQuery(trpc.characters.byId.queryOptions({ id }, { refetchOnWindowFocus: false, staleTime: Infinity }));
  if (character.isPending) return <p className="text-muted-foreground">Loading…</p>;
  if (character.isError) return <p className="text-destructive">{character.error.message}</p>;
  const { assets: _assets, character_book: book, ...fields } = character.data.card.data;
  return (
    <EditorForm
      id={id}
      avatarAssetId={character.data.avatarAssetId}
      initialFields={fields}
      initialLorebook={book ?? EMPTY_LOREBOOK}
      hadLorebook={Boolean(book)}
    />
  );
}

const EMPTY_LOREBOOK: TLorebookDraft = { extensions: {}, entries: [] };

/** A character written from scratch: the same editor, empty; saving creates it. */
export function NewCharacterEditor() {
  return <EditorForm id={null} avatarAssetId={null} initialFields={blankCardData()} initialLorebook={EMPTY_LOREBOOK} hadLorebook={false} />;
}

/** The picture becomes an icon asset named after this, and the avatar. */
const PICTURE_ASSET_NAME = "portrait";

function EditorForm({
  id,
  avatarAssetId,
  initialFields,
  initialLorebook,
  hadLorebook,
}: {
  /** Null for a character not created yet. */
  id: string | null;
  avatarAssetId: string | null;
  initialFields: TFields;
  initialLorebook: TLorebookDraft;
  hadLorebook: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [fields, setFields] = useState(initialFields);
  const [lorebook, setLorebook] = useState(initialLorebook);
  const [picture, setPicture] = useState<File | null>(null);
  const [saved, setSaved] = useState({ fields: initialFields, lorebook: initialLorebook });
  const [issues, setIssues] = useState<TIssue[]>([]);
  const [uploading, setUploading] = useState(false);
  const dirty = picture !== null || JSON.stringify(fields) !== JSON.stringify(saved.fields) || JSON.stringify(lorebook) !== JSON.stringify(saved.lorebook);
  const lorebookDirty = JSON.stringify(lorebook) !== JSON.stringify(saved.lorebook);
  useUnsavedChangesGuard(dirty);

  /** An imported lorebook was saved on the server: take its entries into the draft. */
  async function reloadLorebook() {
    if (!id) return;
    const fresh = await queryClient.fetchQuery(trpc.characters.byId.queryOptions({ id }, { staleTime: 0 }));
    const book = fresh.card.data.character_book ?? { extensions: {}, entries: [] };
    setLorebook(book);
    setSaved((current) => ({ ...current, lorebook: book }));
  }

  const createCharacter = useMutation(trpc.characters.create.mutationOptions());
  const updateFields = useMutation(trpc.characters.update.mutationOptions());
  const saveLorebook = useMutation(trpc.characters.saveLorebook.mutationOptions());
  const setAvatar = useMutation(trpc.characters.setAvatar.mutationOptions());
  const saving = createCharacter.isPending || updateFields.isPending || saveLorebook.isPending || uploading;
  const set = <K extends keyof TFields>(key: K, value: TFields[K]) => {
    setFields((current) => ({ ...current, [key]: value }));
    // A field's refusal goes once the field is changed; the next save checks it again.
    setIssues((current) => current.filter((issue) => String(issue.path[0]) !== key));
  };
  const issueFor = (...path: PropertyKey[]) =>
    issues.find((issue) => path.every((part, index) => String(issue.path[index]) === String(part)))?.message;

  /** Uploads the chosen picture as an icon and makes it the avatar. */
  async function savePicture(characterId: string, file: File) {
    setUploading(true);
    try {
      const ext = file.type.replace(/^image\//, "").replace("jpeg", "jpg");
      const query = new URLSearchParams({ type: "icon", name: PICTURE_ASSET_NAME, ext });
      const { id: assetId } = await postFile(`/api/characters/${characterId}/assets?${query}`, file);
      if (typeof assetId === "string") await setAvatar.mutateAsync({ id: characterId, assetId });
    } finally {
      setUploading(false);
    }
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setIssues([]);
    let characterId = id;
    try {
      if (characterId) await updateFields.mutateAsync({ id: characterId, fields });
      else characterId = (await createCharacter.mutateAsync({ fields })).id;
      // A card without a lorebook keeps having none until an entry is added.
      const keepLorebook = hadLorebook || lorebook.entries.length > 0;
      if (id || keepLorebook) await saveLorebook.mutateAsync({ id: characterId, lorebook: keepLorebook ? lorebook : null });
      if (picture) await savePicture(characterId, picture);
    } catch (error) {
      if (!id && characterId) {
        // Created, but its lorebook or picture was refused: go on editing the character that now exists.
        toast.error(`${fields.name.trim()} was created, but not all of it was saved: ${(error as Error).message}`);
        router.replace(`/characters/${characterId}/edit`);
        return;
      }
      const data = (error as { data?: { zodIssues?: TIssue[] } }).data;
      setIssues((data?.zodIssues ?? []).map((issue) => ({ ...issue, path: issue.path.slice(issue.path[0] === "fields" || issue.path[0] === "lorebook" ? 1 : 0) })));
      toast.error(data?.zodIssues?.length ? "Some fields need attention." : (error as Error).message);
      return;
    }
    setSaved({ fields, lorebook });
    setPicture(null);
    await queryClient.invalidateQueries({ queryKey: trpc.characters.pathKey() });
    if (id) {
      toast.success("Character saved");
    } else {
      toast.success(`${fields.name.trim()} created`);
      router.replace(`/characters/${characterId}`);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">{id ? `Edit ${saved.fields.name}` : "New character"}</h1>
        <div className="flex items-center gap-2">
          {dirty && <span className="text-sm text-muted-foreground">Unsaved changes</span>}
          <Button asChild variant="ghost">
            <Link href={id ? `/characters/${id}` : "/characters"}>{id ? "Back" : "Cancel"}</Link>
          </Button>
          <Button type="submit" disabled={saving || (id !== null && !dirty)}>
            {saving ? "Saving…" : id ? "Save" : "Create character"}
          </Button>
        </div>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Card</CardTitle>
        </CardHeader>
        <CardContent className="space-y-4">
          <PictureField characterId={id} avatarAssetId={avatarAssetId} name={fields.name} picture={picture} onPick={setPicture} />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextInput label="Name" required value={fields.name} onChange={(value) => set("name", value)} error={issueFor("name")} />
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
          {!id ? (
            <p className="text-sm text-muted-foreground">Create the character first to import a lorebook into it; entries can be added here now.</p>
          ) : lorebookDirty ? (
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

function FieldShell({ label, error, htmlFor, required, children }: { label: string; error?: string; htmlFor: string; required?: boolean; children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <div className="flex items-baseline gap-2">
        <Label htmlFor={htmlFor}>{label}</Label>
        {/* The input says so to screen readers (aria-required). */}
        {required && (
          <span aria-hidden className="text-xs text-muted-foreground">
            required
          </span>
        )}
      </div>
      {children}
      {error && <p className="text-sm text-destructive">{error}</p>}
    </div>
  );
}

const idFor = (label: string) => `field-${label.toLowerCase().replace(/\W+/g, "-")}`;

function TextInput({ label, value, onChange, error, required }: { label: string; value: string; onChange: (value: string) => void; error?: string; required?: boolean }) {
  return (
    <FieldShell label={label} error={error} htmlFor={idFor(label)} required={required}>
      <Input id={idFor(label)} value={value} onChange={(event) => onChange(event.target.value)} aria-invalid={Boolean(error)} aria-required={required} />
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
