"use client";

import { ImagePlus } from "lucide-react";
import { useEffect, useRef, useState, type DragEvent } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import { CharacterAvatar } from "./character-avatar";

export const PICTURE_ACCEPT = "image/png,image/jpeg,image/webp,image/gif,image/avif";

/** Shown from a data: URL, the only kind of local picture the page's Content-Security-Policy lets through. */
function useDataUrl(file: File | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file) return setUrl(null);
    const reader = new FileReader();
    reader.onload = () => setUrl(typeof reader.result === "string" ? reader.result : null);
    reader.readAsDataURL(file);
    return () => reader.abort();
  }, [file]);
  return url;
}

/**
 * The character's picture in the editor: pick a file or drop one onto it. The chosen picture is only shown
 * here; it is uploaded (and becomes the avatar) when the character is saved.
 */
export function PictureField({
  characterId,
  avatarAssetId,
  name,
  picture,
  onPick,
}: {
  characterId: string | null;
  avatarAssetId: string | null;
  name: string;
  picture: File | null;
  onPick: (file: File | null) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const preview = useDataUrl(picture);
  const [refused, setRefused] = useState(false);

  function take(file: File | undefined) {
    if (!file) return;
    const isPicture = PICTURE_ACCEPT.split(",").includes(file.type);
    setRefused(!isPicture);
    if (isPicture) onPick(file);
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    take(event.dataTransfer.files[0]);
  }

  return (
    <div
      className={cn("flex flex-wrap items-center gap-4 rounded-xl border-2 border-dashed p-3 transition-colors", dragging && "border-primary bg-primary/5")}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      {preview ? (
        // eslint-disable-next-line @next/next/no-img-element -- a local file, not yet uploaded
        <img src={preview} alt={`New picture of ${name || "the character"}`} className="size-24 rounded-lg border object-cover" />
      ) : characterId ? (
        <CharacterAvatar characterId={characterId} avatarAssetId={avatarAssetId} name={name || "?"} thumbnail={false} className="size-24 rounded-lg border" />
      ) : (
        <div aria-hidden className="grid size-24 place-items-center rounded-lg bg-muted text-muted-foreground">
          <ImagePlus className="size-8" />
        </div>
      )}
      <div className="space-y-2 text-sm">
        <p className="font-medium">Picture</p>
        <p className="text-muted-foreground">Drop a picture here or choose one: PNG, JPEG, WebP, GIF or AVIF.</p>
        {refused && (
          <p role="alert" className="text-destructive">
            That file is not a picture.
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <input
            ref={input}
            type="file"
            accept={PICTURE_ACCEPT}
            className="hidden"
            aria-label="Picture file"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = "";
              take(file);
            }}
          />
          <Button type="button" size="sm" variant="outline" onClick={() => input.current?.click()}>
            <ImagePlus /> {picture || avatarAssetId ? "Change picture" : "Choose picture"}
          </Button>
          {picture && (
            <Button type="button" size="sm" variant="ghost" onClick={() => onPick(null)}>
              {avatarAssetId ? "Keep the old picture" : "Remove picture"}
            </Button>
          )}
        </div>
      </div>
    </div>
  );
}
