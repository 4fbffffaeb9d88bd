"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { PROVIDER_KIND_INFO, PROVIDER_KINDS, type TProviderKind } from "@/lib/llm/provider-kinds";
import { useTRPC } from "@/trpc/react";
import { countOf } from "@/lib/format/plural";

type TDraft = { kind: TProviderKind; label: string; baseUrl: string; apiKey: string };
const NEW_DRAFT: TDraft = { kind: "openai", label: "OpenAI", baseUrl: "", apiKey: "" };

export function ProviderList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const providers = useQuery(trpc.models.providers.queryOptions());
  const [adding, setAdding] = useState(false);
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.models.providers.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.models.list.queryKey() })]);
  const onError = (error: { message: string }) => toast.error(error.message);
  const remove = useMutation(trpc.models.deleteProvider.mutationOptions({ onSuccess: () => void refresh(), onError }));
  const test = useMutation(trpc.models.testConnection.mutationOptions({ onSuccess: (result) => (result.ok ? toast.success(result.message) : toast.error(result.message)), onError }));
  const refreshModels = useMutation(
    trpc.models.refreshModels.mutationOptions({
      onSuccess: (result) => {
        toast.success(`${countOf(result.total, "model")} listed, ${result.added} new.`);
        void refresh();
      },
      onError,
    }),
  );

  if (providers.isPending) return <p className="text-muted-foreground">Loading…</p>;
  if (providers.isError) return <p className="text-destructive">{providers.error.message}</p>;
  return (
    <div className="space-y-3">
      <ul aria-label="Providers" className="space-y-3">
        {providers.data.map((provider) => (
          <li key={provider.id}>
            <Card>
              <CardContent className="space-y-2">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{provider.label}</span>
                  <Badge variant="secondary">{PROVIDER_KIND_INFO[provider.kind].label.split(" (")[0]}</Badge>
                  <span className="text-sm text-muted-foreground">{provider.apiKeyLastFour ? `Key ${provider.apiKeyLastFour}` : "No key"}</span>
                  <span className="text-sm text-muted-foreground">· {countOf(provider.modelCount, "model")}</span>
                </div>
                {provider.baseUrl ? <p className="truncate text-xs text-muted-foreground">{provider.baseUrl}</p> : null}
                <div className="flex flex-wrap gap-2">
                  <Button size="sm" variant="outline" disabled={test.isPending} onClick={() => test.mutate({ id: provider.id })}>
                    Test connection
                  </Button>
                  <Button size="sm" variant="outline" disabled={refreshModels.isPending} onClick={() => refreshModels.mutate({ id: provider.id })}>
                    Refresh models
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => {
                      if (window.confirm(`Remove ${provider.label} and its models?`)) remove.mutate({ id: provider.id });
                    }}
                  >
                    Remove
                  </Button>
                </div>
              </CardContent>
            </Card>
          </li>
        ))}
      </ul>
      {adding ? (
        <ProviderForm
          onDone={(providerId) => {
            setAdding(false);
            void refresh();
            if (providerId) refreshModels.mutate({ id: providerId });
          }}
        />
      ) : (
        <Button onClick={() => setAdding(true)}>Add a provider</Button>
      )}
    </div>
  );
}

function ProviderForm({ onDone }: { onDone: (providerId: string | null) => void }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState<TDraft>(NEW_DRAFT);
  const info = PROVIDER_KIND_INFO[draft.kind];
  const create = useMutation(trpc.models.createProvider.mutationOptions({ onSuccess: ({ id }) => onDone(id), onError: (error) => toast.error(error.message) }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ kind: draft.kind, label: draft.label, baseUrl: draft.baseUrl.trim() || null, apiKey: draft.apiKey.trim() || undefined });
  }

  return (
    <Card>
      <form onSubmit={onSubmit} aria-label="New provider">
        <CardContent className="space-y-3">
          <div className="space-y-1.5">
            <Label htmlFor="provider-kind">Provider</Label>
            <NativeSelect
              id="provider-kind"
              className="w-full"
              value={draft.kind}
              onChange={(event) => {
                const kind = event.target.value as TProviderKind;
                setDraft({ ...draft, kind, label: PROVIDER_KIND_INFO[kind].label.split(" (")[0] ?? kind });
              }}
            >
              {PROVIDER_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {PROVIDER_KIND_INFO[kind].label}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="provider-label">Name</Label>
            <Input id="provider-label" value={draft.label} maxLength={60} onChange={(event) => setDraft({ ...draft, label: event.target.value })} />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="provider-base-url">Base URL{info.defaultBaseUrl ? " (optional)" : ""}</Label>
            <Input
              id="provider-base-url"
              type="url"
              placeholder={info.defaultBaseUrl ?? "http://localhost:11434/v1"}
              value={draft.baseUrl}
              onChange={(event) => setDraft({ ...draft, baseUrl: event.target.value })}
            />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="provider-api-key">API key{info.keyRequired ? "" : " (optional)"}</Label>
            <Input id="provider-api-key" type="password" autoComplete="off" placeholder={info.keyHint} value={draft.apiKey} onChange={(event) => setDraft({ ...draft, apiKey: event.target.value })} />
          </div>
          <div className="flex gap-2">
            <Button type="submit" disabled={create.isPending || !draft.label.trim()}>
              Save provider
            </Button>
            <Button type="button" variant="ghost" onClick={() => onDone(null)}>
              Cancel
            </Button>
          </div>
        </CardContent>
      </form>
    </Card>
  );
}
