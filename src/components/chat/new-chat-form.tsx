"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { useCharacterChoices } from "@/components/characters/use-character-choices";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { useTRPC } from "@/trpc/react";
import { DEFAULT_USER_NAME } from "@/lib/chat/macros";

/** Pick a character, who you are, and how the character opens; or go incognito (nothing is saved). */
export function NewChatForm({ initialCharacterId }: { initialCharacterId?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const characters = useCharacterChoices();
  const personas = useQuery(trpc.personas.list.queryOptions());
  const [characterId, setCharacterId] = useState(initialCharacterId ?? "");
  const chosenId = characterId !== "" ? characterId : (characters.data?.[0]?.id ?? "");
  const character = useQuery({ ...trpc.characters.byId.queryOptions({ id: chosenId }), enabled: Boolean(chosenId) });
  const [personaId, setPersonaId] = useState("");
  const [greetingIndex, setGreetingIndex] = useState(0);
  const [incognito, setIncognito] = useState(false);
  const start = useMutation(trpc.chats.start.mutationOptions({ onSuccess: ({ id }) => router.push(`/chats/${id}`), onError: (error) => toast.error(error.message) }));

  const card = character.data?.card.data;
  const greetings = card ? [card.first_mes, ...card.alternate_greetings].filter((greeting) => greeting.trim() !== "") : [];

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!chosenId) return;
    if (incognito) {
      const query = new URLSearchParams({ character: chosenId, greeting: String(greetingIndex), ...(personaId ? { persona: personaId } : {}) });
      router.push(`/chats/incognito?${query.toString()}`);
    } else {
      start.mutate({ characterId: chosenId, personaId: personaId || null, greetingIndex });
    }
  }

  if (characters.isPending || (!characters.data?.length && characters.isFetching)) return <p className="text-muted-foreground">Loading…</p>;
  if (!characters.data?.length) {
    return (
      <p className="text-sm text-muted-foreground">
        <Link href="/characters" className="underline underline-offset-4">
          Import
        </Link>{" "}
        or{" "}
        <Link href="/characters/new" className="underline underline-offset-4">
          create
        </Link>{" "}
        a character in your library first.
      </p>
    );
  }
  return (
    <Card>
      <form onSubmit={onSubmit} aria-label="New chat">
        <CardContent className="grid gap-3 sm:grid-cols-2">
          <div className="space-y-1.5">
            <Label htmlFor="new-chat-character">Character</Label>
            <NativeSelect
              id="new-chat-character"
              className="w-full"
              value={chosenId}
              onChange={(event) => {
                setCharacterId(event.target.value);
                setGreetingIndex(0);
              }}
            >
              {characters.data.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="new-chat-persona">You are</Label>
            <NativeSelect id="new-chat-persona" className="w-full" value={personaId} onChange={(event) => setPersonaId(event.target.value)}>
              <option value="">{personas.data?.find((persona) => persona.isDefault)?.name ?? DEFAULT_USER_NAME} (default)</option>
              {personas.data
                ?.filter((persona) => !persona.isDefault)
                .map((persona) => (
                  <option key={persona.id} value={persona.id}>
                    {persona.name}
                  </option>
                ))}
            </NativeSelect>
          </div>
          {greetings.length > 1 ? (
            <div className="space-y-1.5 sm:col-span-2">
              <Label htmlFor="new-chat-greeting">Opening</Label>
              <NativeSelect id="new-chat-greeting" className="w-full" value={greetingIndex} onChange={(event) => setGreetingIndex(Number(event.target.value))}>
                {greetings.map((greeting, index) => (
                  <option key={index} value={index}>
                    {index === 0 ? "First message" : `Alternate ${index}`}: {greeting.slice(0, 80)}
                  </option>
                ))}
              </NativeSelect>
            </div>
          ) : null}
          <label className="flex items-center gap-2 text-sm sm:col-span-2">
            <input type="checkbox" className="size-4 accent-primary" checked={incognito} onChange={(event) => setIncognito(event.target.checked)} />
            Incognito: nothing of this chat is saved
          </label>
          <div className="sm:col-span-2">
            <Button type="submit" disabled={start.isPending || !chosenId}>
              Start chat
            </Button>
          </div>
        </CardContent>
      </form>
    </Card>
  );
}
