"use client";

import { Upload } from "lucide-react";
import { useRef, useState, type DragEvent } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import { countOf } from "@/lib/format/plural";

export type TImportOutcome =
  | { fileName: string; ok: true; kind: "character"; characterId: string; name: string }
  | { fileName: string; ok: true; kind: "lorebook"; characterId: string; entries: number }
  | { fileName: string; ok: false; code: string; error: string };

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
  const [outcomes, setOutcomes] = useState<TImportOutcome[]>([]);
  const [failure, setFailure] = useState<string | null>(null);

  async function upload(files: File[]) {
    if (files.length === 0) return;
    setBusy(true);
    setFailure(null);
    const form = new FormData();
    for (const file of files) form.append("files", file);
    if (characterId) form.append("characterId", characterId);
    try {
      const response = await fetch("/api/characters/import", { method: "POST", body: form });
      const body = (await response.json()) as { results?: TImportOutcome[]; error?: string };
      if (!response.ok || !body.results) throw new Error(body.error ?? "The import failed.");
      setOutcomes(body.results);
      onImported(body.results);
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

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
      {outcomes.length > 0 && (
        <ul aria-label="Import results" className="space-y-1 text-sm">
          {outcomes.map((outcome, index) => (
            <li key={`${outcome.fileName}-${index}`} className={outcome.ok ? "text-success" : "text-destructive"}>
              <span className="font-medium">{outcome.fileName}</span>:{" "}
              {outcome.ok
                ? outcome.kind === "character"
                  ? `imported ${outcome.name}`
                  : `added ${countOf(outcome.entries, "lorebook entry", "lorebook entries")}`
                : outcome.error}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
