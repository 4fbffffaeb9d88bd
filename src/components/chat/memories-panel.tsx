"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { X } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/trpc/react";

/** What the character remembers in this chat: at most 50, the least recently recalled leave first. */
/** The chat's memories; `readOnly` (an archived chat) lists them without the add and forget controls the server would refuse. */
export function MemoriesPanel({ chatId, readOnly = false }: { chatId: string; readOnly?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState("");
  const memories = useQuery({ ...trpc.chats.memories.queryOptions({ chatId }), enabled: open });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.chats.memories.queryKey({ chatId }) });
  const onError = (error: { message: string }) => toast.error(error.message);
  const add = useMutation(trpc.chats.remember.mutationOptions({ onSuccess: () => void refresh().then(() => setDraft("")), onError }));
  const forget = useMutation(trpc.chats.forget.mutationOptions({ onSuccess: () => void refresh(), onError }));
  return (
    <details className="w-full" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="cursor-pointer select-none">Memories{memories.data ? ` (${memories.data.length}/50)` : ""}</summary>
      <div className="mt-2 space-y-2">
        <ul aria-label="Memories" className="space-y-1">
          {memories.data?.map((memory) => (
            <li key={memory.id} className="flex items-start gap-2 rounded-md bg-muted/50 px-2 py-1 text-foreground">
              <span className="flex-1">{memory.content}</span>
              {readOnly ? null : (
                <Button size="icon" variant="ghost" className="size-6" aria-label={`Forget “${memory.content.slice(0, 40)}”`} onClick={() => forget.mutate({ id: memory.id })}>
                  <X className="size-3" />
                </Button>
              )}
            </li>
          ))}
        </ul>
        {readOnly ? null : (
          <form
            className="flex gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              add.mutate({ chatId, content: draft });
            }}
          >
            <Input aria-label="New memory" placeholder="Something the character should remember" value={draft} maxLength={2000} onChange={(event) => setDraft(event.target.value)} />
            <Button type="submit" size="sm" variant="outline" disabled={!draft.trim()}>
              Remember
            </Button>
          </form>
        )}
      </div>
    </details>
  );
}
