"use client";

import { Upload } from "lucide-react";
import { useRef, useState, type DragEvent } from "react";
import { Button } from "@/components/ui/button";
import { countOf } from "@/lib/format/plural";
import { cn } from "@/lib/utils";

export type TImportOutcome =
  | { fileName: string; ok: true; kind: "character"; characterId: string; name: string }
  | { fileName: string; ok: true; kind: "lorebook"; characterId: string; entries: number }
  | { fileName: string; ok: false; code: "DUPLICATE"; error: string; characterId: string }
  | { fileName: string; ok: false; code: string; error: string };

/** A line of the results: what the server answered, and the file, so a duplicate can be sent again as a copy. */
type TResultLine = { outcome: TImportOutcome; file: File | undefined; skipped?: true };

const ACCEPT = ".png,.apng,.json,.charx,image/png,application/json,application/zip";

/** Drop or pick several files; each gets its own line: imported, or why not. */
export function ImportDropzone({
  characterId,
  label = "Import cards",
  hint = "PNG cards, .charx archives and JSON cards, several at once.",
  onImported,
}: {
  characterId?: string;
  label?: string;
  hint?: string;
  onImported: (outcomes: TImportOutcome[]) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [lines, setLines] = useState<TResultLine[]>([]);
  const [failure, setFailure] = useState<string | null>(null);

  async function send(files: File[], duplicates: "ask" | "copy"): Promise<TImportOutcome[] | null> {
    setBusy(true);
    setFailure(null);
    const form = new FormData();
    for (const file of files) form.append("files", file);
    if (characterId) form.append("characterId", characterId);
    form.append("duplicates", duplicates);
    try {
      const response = await fetch("/api/characters/import", { method: "POST", body: form });
      const body = (await response.json()) as { results?: TImportOutcome[]; error?: string };
      if (!response.ok || !body.results) throw new Error(body.error ?? "The import failed.");
      onImported(body.results);
      return body.results;
    } catch (error) {
      setFailure((error as Error).message);
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function upload(files: File[]) {
    if (files.length === 0) return;
    const results = await send(files, "ask");
    // Files over the size cap are answered last; each result names its file.
    if (results) setLines(results.map((outcome) => ({ outcome, file: files.find((file) => file.name === outcome.fileName) })));
  }

  async function importAsCopy(index: number, file: File) {
    const [outcome] = (await send([file], "copy")) ?? [];
    if (outcome) setLines((current) => current.map((line, at) => (at === index ? { outcome, file } : line)));
  }

  const skip = (index: number) => setLines((current) => current.map((line, at) => (at === index ? { ...line, skipped: true } : line)));

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    void upload([...event.dataTransfer.files]);
  }

  return (
    <div className="space-y-2">
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={cn(
          "flex flex-col items-center gap-2 rounded-xl border-2 border-dashed p-6 text-center text-sm text-muted-foreground transition-colors",
          dragging && "border-primary bg-primary/5",
        )}
      >
        <Upload className="size-6" aria-hidden />
        <p>{hint}</p>
        <input
          ref={input}
          type="file"
          multiple
          accept={ACCEPT}
          className="hidden"
          aria-label={label}
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = "";
            void upload(files);
          }}
        />
        <Button type="button" variant="outline" disabled={busy} onClick={() => input.current?.click()}>
          {busy ? "Importing…" : label}
        </Button>
      </div>
      {failure && (
        <p role="alert" className="text-sm text-destructive">
          {failure}
        </p>
      )}
      {/* Always there, so screen readers announce the results when they arrive. */}
      <div aria-live="polite">
        {lines.length > 0 && (
          <ul aria-label="Import results" className="space-y-1 text-sm">
            {lines.map(({ outcome, file, skipped }, index) => (
              <li key={`${outcome.fileName}-${index}`} className={cn("flex flex-wrap items-center gap-x-2 gap-y-1", outcome.ok ? "text-success" : skipped ? "text-muted-foreground" : "text-destructive")}>
                <span>
                  <span className="font-medium">{outcome.fileName}</span>: {describeOutcome(outcome)}
                  {skipped && " Skipped."}
                </span>
                {!outcome.ok && outcome.code === "DUPLICATE" && !skipped && file && (
                  <span className="flex gap-1">
                    <Button type="button" size="sm" variant="outline" disabled={busy} onClick={() => void importAsCopy(index, file)}>
                      Import as a copy
                    </Button>
                    <Button type="button" size="sm" variant="ghost" disabled={busy} onClick={() => skip(index)}>
                      Skip
                    </Button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function describeOutcome(outcome: TImportOutcome): string {
  if (!outcome.ok) return outcome.error;
  if (outcome.kind === "character") return `imported ${outcome.name}`;
  return `added ${countOf(outcome.entries, "lorebook entry", "lorebook entries")}`;
}
