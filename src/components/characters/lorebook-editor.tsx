"use client";

import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useId, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { selectiveLogicOf, type TLorebook, type TLorebookEntry } from "@/lib/character-card/card-schema";
import { compileLorebookPattern } from "@/lib/character-card/lorebook-pattern";
import { CommaListInput } from "./comma-list-input";

export type TLorebookDraft = TLorebook;

export function emptyEntry(order: number): TLorebookEntry {
  return { keys: [], content: "", extensions: {}, enabled: true, insertion_order: order, use_regex: false, constant: false, selective: false, secondary_keys: [] };
}

function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} className="size-4 accent-primary" />
      {label}
    </label>
  );
}

/** A refused pattern is shown by its start; the sentence after it says what is wrong. */
const PATTERN_PREVIEW_CHARACTERS = 60;

/**
 * The keys field; for a regex entry, each key the server would refuse is listed under it with the reason, as
 * the server's activation compiles it (a refused key never matches).
 */
function KeysField({ keys, useRegex, onChange }: { keys: string[]; useRegex: boolean; onChange: (keys: string[]) => void }) {
  const refusalsId = useId();
  const refusals = useMemo(
    () =>
      useRegex
        ? keys.flatMap((key) => {
            const pattern = compileLorebookPattern(key);
            return pattern.ok ? [] : [{ key, refusal: pattern.refusal }];
          })
        : [],
    [keys, useRegex],
  );
  return (
    <div className="space-y-1.5">
      <Label>Keys (comma-separated)</Label>
      <CommaListInput
        aria-label="Keys"
        aria-invalid={refusals.length > 0}
        aria-describedby={refusals.length > 0 ? refusals.map((_, at) => `${refusalsId}-${at}`).join(" ") : undefined}
        values={keys}
        onChange={onChange}
      />
      {refusals.length > 0 && (
        <ul aria-label="Refused patterns" className="space-y-1 text-sm text-destructive">
          {refusals.map(({ key, refusal }, at) => (
            <li key={at} id={`${refusalsId}-${at}`}>
              <code className="break-all">{key.length > PATTERN_PREVIEW_CHARACTERS ? `${key.slice(0, PATTERN_PREVIEW_CHARACTERS)}…` : key}</code> never matches. {refusal}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Entries with every CCv3 field; reorder with the arrows; search filters what is shown, not what is saved. */
export function LorebookEditor({ lorebook, onChange }: { lorebook: TLorebookDraft; onChange: (lorebook: TLorebookDraft) => void }) {
  const [search, setSearch] = useState("");
  const entries = lorebook.entries;
  const setEntries = (next: TLorebookEntry[]) => onChange({ ...lorebook, entries: next });
  const update = (index: number, patch: Partial<TLorebookEntry>) =>
    setEntries(entries.map((entry, at) => (at === index ? { ...entry, ...patch } : entry)));
  const move = (index: number, by: number) => {
    const target = index + by;
    if (target < 0 || target >= entries.length) return;
    const next = [...entries];
    const [moved] = next.splice(index, 1);
    if (moved) next.splice(target, 0, moved);
    setEntries(next);
  };
  const needle = search.trim().toLowerCase();
  const visible = entries
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => !needle || [entry.name ?? "", entry.content, entry.comment ?? "", ...entry.keys].some((text) => text.toLowerCase().includes(needle)));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-2">
        <Input aria-label="Search lorebook" placeholder="Search entries" value={search} onChange={(event) => setSearch(event.target.value)} className="min-w-48 flex-1" />
        <Button type="button" variant="outline" onClick={() => setEntries([...entries, emptyEntry(entries.length * 10)])}>
          <Plus /> Add entry
        </Button>
      </div>
      {entries.length === 0 && <p className="text-sm text-muted-foreground">No entries yet.</p>}
      <ol aria-label="Lorebook entries" className="space-y-4">
        {visible.map(({ entry, index }) => (
          <li key={index} aria-label={`Entry ${index + 1}`} className="space-y-3 rounded-lg border p-4">
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-sm font-medium text-muted-foreground">#{index + 1}</span>
              <Input aria-label="Entry name" placeholder="Name" value={entry.name ?? ""} onChange={(event) => update(index, { name: event.target.value })} className="max-w-64" />
              <div className="ml-auto flex gap-1">
                <Button type="button" size="icon" variant="ghost" aria-label="Move entry up" onClick={() => move(index, -1)} disabled={index === 0}>
                  <ArrowUp />
                </Button>
                <Button type="button" size="icon" variant="ghost" aria-label="Move entry down" onClick={() => move(index, 1)} disabled={index === entries.length - 1}>
                  <ArrowDown />
                </Button>
                <Button type="button" size="icon" variant="ghost" aria-label="Remove entry" onClick={() => setEntries(entries.filter((_, at) => at !== index))}>
                  <Trash2 />
                </Button>
              </div>
            </div>
            <div className="grid gap-3 sm:grid-cols-2">
              <KeysField keys={entry.keys} useRegex={entry.use_regex} onChange={(keys) => update(index, { keys })} />
              <div className="space-y-1.5">
                <Label>Secondary keys</Label>
                <CommaListInput aria-label="Secondary keys" values={entry.secondary_keys ?? []} onChange={(secondary_keys) => update(index, { secondary_keys })} />
              </div>
            </div>
            <Textarea aria-label="Content" placeholder="What is added to the prompt when the entry matches" value={entry.content} onChange={(event) => update(index, { content: event.target.value })} />
            <div className="flex flex-wrap items-center gap-4">
              <Check label="Enabled" checked={entry.enabled} onChange={(enabled) => update(index, { enabled })} />
              <Check label="Constant" checked={entry.constant ?? false} onChange={(constant) => update(index, { constant })} />
              <Check label="Selective (needs a secondary key)" checked={entry.selective ?? false} onChange={(selective) => update(index, { selective })} />
              <Check label="Case sensitive" checked={entry.case_sensitive ?? false} onChange={(case_sensitive) => update(index, { case_sensitive })} />
              <Check label="Keys are regular expressions" checked={entry.use_regex} onChange={(use_regex) => update(index, { use_regex })} />
            </div>
            <div className="flex flex-wrap items-end gap-3">
              <div className="space-y-1.5">
                <Label>Insertion order</Label>
                <Input aria-label="Insertion order" type="number" value={entry.insertion_order} onChange={(event) => update(index, { insertion_order: Number(event.target.value) })} className="w-28" />
              </div>
              <div className="space-y-1.5">
                <Label>Priority</Label>
                <Input aria-label="Priority" type="number" value={entry.priority ?? ""} onChange={(event) => update(index, { priority: event.target.value === "" ? undefined : Number(event.target.value) })} className="w-28" />
              </div>
              <div className="space-y-1.5">
                <Label>Secondary key logic</Label>
                <NativeSelect
                  aria-label="Secondary key logic"
                  value={selectiveLogicOf(entry.extensions)}
                  disabled={!entry.selective}
                  onChange={(event) => update(index, { extensions: { ...entry.extensions, selective_logic: event.target.value } })}
                >
                  <option value="and_any">and any secondary key</option>
                  <option value="and_all">and all secondary keys</option>
                  <option value="not_any">and none of the secondary keys</option>
                  <option value="not_all">and not all secondary keys</option>
                </NativeSelect>
              </div>
              <div className="space-y-1.5">
                <Label>Position</Label>
                <NativeSelect aria-label="Position" value={entry.position ?? ""} onChange={(event) => update(index, { position: (event.target.value || undefined) as TLorebookEntry["position"] })}>
                  <option value="">Default</option>
                  <option value="before_char">Before the character</option>
                  <option value="after_char">After the character</option>
                </NativeSelect>
              </div>
              <Input aria-label="Comment" placeholder="Comment (not sent to the model)" value={entry.comment ?? ""} onChange={(event) => update(index, { comment: event.target.value })} className="min-w-48 flex-1" />
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
