"use client";

import { useQuery } from "@tanstack/react-query";
import { Activity } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { useTRPC } from "@/trpc/react";
import { countOf } from "@/lib/format/plural";

/** Live status from the server through tRPC: shows a self-hoster at a glance that every part is up. */
export function SystemStatusCard() {
  const trpc = useTRPC();
  const status = useQuery(trpc.system.status.queryOptions());
  return (
    <Card data-testid="system-status">
      <CardHeader className="flex-row items-center gap-2">
        <Activity className="size-4 text-muted-foreground" aria-hidden />
        <CardTitle className="text-base">Server status</CardTitle>
        {status.data && (
          <Badge variant={status.data.status === "ok" ? "success" : "destructive"} className="ml-auto">
            {status.data.status === "ok" ? "All systems go" : "Degraded"}
          </Badge>
        )}
      </CardHeader>
      <CardContent className="text-sm">
        {status.isPending && <p className="text-muted-foreground">Checking…</p>}
        {status.isError && <p className="text-destructive">Could not reach the server: {status.error.message}</p>}
        {status.data && (
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt className="text-muted-foreground">Version</dt>
            <dd data-testid="status-version">{status.data.version}</dd>
            <dt className="text-muted-foreground">Database</dt>
            <dd data-testid="status-database">
              {status.data.database.status} · {status.data.database.driver === "pglite" ? "embedded" : "PostgreSQL"} ·{" "}
              {status.data.database.migrations} {status.data.database.migrations === 1 ? "migration" : "migrations"}
            </dd>
            <dt className="text-muted-foreground">Signaling</dt>
            <dd data-testid="status-signaling">
              {status.data.signaling.status} · {countOf(status.data.signaling.peers, "peer")} online
            </dd>
          </dl>
        )}
      </CardContent>
    </Card>
  );
}
