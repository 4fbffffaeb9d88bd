"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/trpc/react";

type TZodIssue = { path: PropertyKey[]; message: string };

export function PrivateHostsPanel() {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.admin.privateHosts.queryOptions());
  if (hosts.isPending) return null;
  if (hosts.isError) return <p className="text-destructive">Could not load the allowed hosts: {hosts.error.message}</p>;
  return <PrivateHostsForm saved={hosts.data} />;
}

function PrivateHostsForm({ saved }: { saved: string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState(saved.join("\n"));
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const save = useMutation(
    trpc.admin.setPrivateHosts.mutationOptions({
      onSuccess: (stored) => {
        setText(stored.join("\n"));
        toast.success(stored.length === 0 ? "No private hosts allowed" : `${stored.length} allowed ${stored.length === 1 ? "host" : "hosts"} saved`);
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.admin.privateHosts.queryKey() }),
    }),
  );
  const issues = (save.error?.data as { zodIssues?: TZodIssue[] } | undefined)?.zodIssues ?? [];
  // Issues name the entry by its index among the non-empty lines sent.
  const problems = issues.map((issue) => (typeof issue.path[1] === "number" ? `${lines[issue.path[1]] ?? "An entry"}: ${issue.message}` : issue.message));
  if (save.error && issues.length === 0) problems.push(save.error.message);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ hosts: lines });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Allowed private provider hosts</CardTitle>
        <CardDescription>
          Coterie refuses provider URLs on loopback, private and link-local addresses, so nobody can point it into your own network. List
          the ones people may use here, one per line: a hostname, an IP address or a CIDR range, with an optional port (for example
          localhost:11434 for Ollama, or 192.168.1.0/24).
        </CardDescription>
      </CardHeader>
      <form onSubmit={onSubmit}>
        <CardContent className="space-y-3">
          <Label htmlFor="private-hosts">Allowed hosts</Label>
          <Textarea id="private-hosts" rows={5} value={text} onChange={(event) => setText(event.target.value)} spellCheck={false} className="font-mono" />
          {problems.length > 0 && (
            <ul role="alert" className="list-inside list-disc text-sm text-destructive">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
          <Button type="submit" disabled={save.isPending}>
            Save allowed hosts
          </Button>
        </CardContent>
      </form>
    </Card>
  );
}
