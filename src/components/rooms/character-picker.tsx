"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useCharacterChoices } from "@/components/characters/use-character-choices";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { thumbnailFromUrl, thumbnailOf } from "@/lib/rooms/thumbnail";
import { useTRPC } from "@/trpc/react";
import type { TCharacterChoice } from "./use-room-session";

const TALKATIVENESS = [
  { value: 0.2, label: "Quiet" },
  { value: 0.5, label: "Normal" },
  { value: 0.8, label: "Chatty" },
];

/**
 * The character this person brings (one from their library, or a quick one made up on the spot) and who they
 * are to the characters: one of their personas (the default one to start with) or just their name.
 */
export function CharacterPicker({ submitLabel, busy, onChoose }: { submitLabel: string; busy: boolean; onChoose: (choice: TCharacterChoice, personaId: string | null) => void }) {
  const library = useCharacterChoices();
  const trpc = useTRPC();
  const personas = useQuery(trpc.personas.list.queryOptions());
  // Undefined until the person picks: the default persona is shown (and sent) as chosen.
  const [personaChoice, setPersonaChoice] = useState<string | null | undefined>(undefined);
  const personaId = personaChoice === undefined ? (personas.data?.find((persona) => persona.isDefault)?.id ?? null) : personaChoice;
  const [mode, setMode] = useState<"library" | "quick" | null>(null);
  const [characterId, setCharacterId] = useState("");
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [picture, setPicture] = useState<File | null>(null);
  const [talkativeness, setTalkativeness] = useState(0.5);
  const [preparing, setPreparing] = useState(false);

  const hasLibrary = (library.data?.length ?? 0) > 0;
  const activeMode = mode ?? (hasLibrary ? "library" : "quick");
  const chosen = library.data?.find((character) => character.id === characterId) ?? library.data?.[0];

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPreparing(true);
    try {
      if (activeMode === "library" && chosen) {
        const thumbnail = chosen.avatarAssetId ? await thumbnailFromUrl(`/api/characters/${chosen.id}/assets/${chosen.avatarAssetId}?thumbnail=1`) : null;
        onChoose({ kind: "library", characterId: chosen.id, thumbnail }, personaId);
      } else {
        onChoose({ kind: "quick", name, description, talkativeness, thumbnail: picture ? await thumbnailOf(picture) : null }, personaId);
      }
    } finally {
      setPreparing(false);
    }
  }

  if (library.isPending || (!hasLibrary && library.isFetching)) return <p className="text-muted-foreground">Loading your characters…</p>;
  return (
    <form onSubmit={onSubmit} aria-label="Bring a character" className="space-y-4">
      <fieldset className="flex gap-4 text-sm">
        <legend className="sr-only">Character source</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="character-source" className="accent-primary" checked={activeMode === "library"} disabled={!hasLibrary} onChange={() => setMode("library")} />
          From my library
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="character-source" className="accent-primary" checked={activeMode === "quick"} onChange={() => setMode("quick")} />
          A quick character
        </label>
      </fieldset>
      {activeMode === "library" && chosen ? (
        <div className="space-y-1.5">
          <Label htmlFor="room-character">Character</Label>
          <NativeSelect id="room-character" className="w-full" value={chosen.id} onChange={(event) => setCharacterId(event.target.value)}>
            {library.data?.map((character) => (
              <option key={character.id} value={character.id}>
                {character.name}
              </option>
            ))}
          </NativeSelect>
        </div>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="space-y-1.5">
            <Label htmlFor="quick-name">Character name</Label>
            <Input id="quick-name" required maxLength={80} value={name} onChange={(event) => setName(event.target.value)} />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="quick-talkativeness">Talkativeness</Label>
            <NativeSelect id="quick-talkativeness" className="w-full" value={talkativeness} onChange={(event) => setTalkativeness(Number(event.target.value))}>
              {TALKATIVENESS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="space-y-1.5 sm:col-span-2">
            <Label htmlFor="quick-description">Short description</Label>
            <Textarea id="quick-description" maxLength={2_000} rows={3} value={description} onChange={(event) => setDescription(event.target.value)} placeholder="Who they are and how they talk" />
          </div>
          <div className="space-y-1.5 sm:col-span-2">
            <Label htmlFor="quick-picture">Picture (optional)</Label>
            <Input id="quick-picture" type="file" accept="image/png,image/jpeg,image/webp,image/gif" onChange={(event) => setPicture(event.target.files?.[0] ?? null)} />
          </div>
        </div>
      )}
      {personas.data && personas.data.length > 0 ? (
        <div className="space-y-1.5">
          <Label htmlFor="room-persona">You are</Label>
          <NativeSelect id="room-persona" className="w-full" value={personaId ?? ""} onChange={(event) => setPersonaChoice(event.target.value || null)}>
            <option value="">Yourself, by your name</option>
            {personas.data.map((persona) => (
              <option key={persona.id} value={persona.id}>
                {persona.name}
              </option>
            ))}
          </NativeSelect>
        </div>
      ) : null}
      <Button type="submit" disabled={busy || preparing}>
        {submitLabel}
      </Button>
    </form>
  );
}
