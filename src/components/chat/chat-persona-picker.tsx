"use client";

import { useQuery } from "@tanstack/react-query";
import { NativeSelect } from "@/components/ui/native-select";
import { useTRPC } from "@/trpc/react";

/** Who the user is in this chat; changing it applies from the next reply on ({{user}} in old messages too). */
export function ChatPersonaPicker({ personaId, disabled, onChange }: { personaId: string | null; disabled: boolean; onChange: (personaId: string | null) => void }) {
  const trpc = useTRPC();
  const personas = useQuery(trpc.personas.list.queryOptions());
  return (
    <label className="flex items-center gap-2">
      as
      <NativeSelect aria-label="Your persona in this chat" className="h-8" value={personaId ?? ""} disabled={disabled || !personas.data} onChange={(event) => onChange(event.target.value || null)}>
        <option value="">User (no persona)</option>
        {personas.data?.map((persona) => (
          <option key={persona.id} value={persona.id}>
            {persona.name}
          </option>
        ))}
      </NativeSelect>
    </label>
  );
}
