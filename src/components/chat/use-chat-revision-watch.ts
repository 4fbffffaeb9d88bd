"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTRPC } from "@/trpc/react";

const POLL_INTERVAL_MS = 2_000;

/**
 * Keeps an open chat in step with changes made elsewhere (another tab or device). It polls the chat's revision,
 * one integer bumped with every message change, and refetches the messages only when the revision moved past
 * the one on screen. Paused while this page's own reply streams: the page refetches when it ends.
 */
export function useChatRevisionWatch(chatId: string, shownRevision: number | undefined, paused: boolean): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const latest = useQuery({ ...trpc.chats.revision.queryOptions({ id: chatId }), enabled: shownRevision !== undefined && !paused, refetchInterval: POLL_INTERVAL_MS, staleTime: 0 });
  const revision = latest.data?.revision;
  useEffect(() => {
    if (paused || revision === undefined || shownRevision === undefined || revision <= shownRevision) return;
    void queryClient.invalidateQueries({ queryKey: trpc.chats.byId.queryKey({ id: chatId }) });
  }, [paused, revision, shownRevision, queryClient, trpc, chatId]);
}
