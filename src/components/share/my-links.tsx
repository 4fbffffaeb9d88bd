"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatBytes } from "@/lib/share/format";
import { useTRPC } from "@/trpc/react";
import { countOf } from "@/lib/format/plural";

/** The user's links that have not expired: live while their page is open, with download counts. */
export function MyLinks() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const links = useQuery({ ...trpc.share.mine.queryOptions(), refetchInterval: 15_000 });
  const revoke = useMutation(
    trpc.share.revoke.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.share.mine.queryKey() }),
      onError: (error) => toast.error(error.message),
    }),
  );
  if (links.isPending) return <p className="text-muted-foreground">Loading…</p>;
  if (links.isError) return <p className="text-destructive">{links.error.message}</p>;
  if (links.data.length === 0) return <p className="text-sm text-muted-foreground">No active links.</p>;
  return (
    <ul aria-label="My links" className="divide-y rounded-lg border">
      {links.data.map((link) => (
        <li key={link.id} className="flex flex-wrap items-center gap-3 p-3 text-sm">
          <code className="font-medium">/s/{link.shortSlug}</code>
          <span className="text-muted-foreground">
            {countOf(link.fileCount, "file")} · {formatBytes(link.totalBytes)}
          </span>
          {link.hasPassword ? <Badge variant="outline">password</Badge> : null}
          <Badge variant={link.live ? "success" : "secondary"}>{link.live ? "live" : "paused: page closed"}</Badge>
          <span className="text-muted-foreground" data-testid="download-count">
            {countOf(link.downloadCount, "download")}
          </span>
          <span className="ml-auto text-xs text-muted-foreground">expires {new Date(link.expiresAt).toLocaleString()}</span>
          <Button size="sm" variant="ghost" onClick={() => revoke.mutate({ id: link.id })}>
            Revoke
          </Button>
        </li>
      ))}
    </ul>
  );
}
