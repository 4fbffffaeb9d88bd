"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { countOf } from "@/lib/format/plural";
import { PROVIDER_KIND_INFO, PROVIDER_KINDS, type TProviderKind } from "@/lib/llm/provider-kinds";
import { useTRPC, type RouterOutputs } from "@/trpc/react";

type TProvider = RouterOutputs["models"]["providers"][number];
type TDraft = { kind: TProviderKind; label: string; baseUrl: string; apiKey: string };
const NEW_DRAFT: TDraft = { kind: "openai", label: "OpenAI", baseUrl: "", apiKey: "" };
const kindName = (kind: TProviderKind) => PROVIDER_KIND_INFO[kind].label.split(" (")[0] ?? kind;

export function ProviderList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const providers = useQuery(trpc.models.providers.queryOptions());
  const [adding, setAdding] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
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
            {editingId === provider.id ? (
              <ProviderForm
                provider={provider}
                onDone={() => {
                  setEditingId(null);
                  void refresh();
                }}
              />
            ) : (
              <Card>
                <CardContent className="space-y-2">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">{provider.label}</span>
                    <Badge variant="secondary">{kindName(provider.kind)}</Badge>
                    <span className="text-sm text-muted-foreground">{provider.apiKeyLastFour ? `Key ${provider.apiKeyLastFour}` : "No key"}</span>
                    <span className="text-sm text-muted-foreground">· {countOf(provider.modelCount, "model")}</span>
                  </div>
                  {provider.baseUrl ? <p className="truncate text-xs text-muted-foreground">{provider.baseUrl}</p> : null}
                  {provider.keyUnreadable ? <KeyAgainForm provider={provider} onDone={() => void refresh()} /> : null}
                  <div className="flex flex-wrap gap-2">
                    <Button size="sm" variant="outline" disabled={test.isPending} onClick={() => test.mutate({ id: provider.id })}>
                      Test connection
                    </Button>
                    <Button size="sm" variant="outline" disabled={refreshModels.isPending} onClick={() => refreshModels.mutate({ id: provider.id })}>
                      Refresh models
                    </Button>
                    <Button size="sm" variant="outline" aria-label={`Edit ${provider.label}`} onClick={() => setEditingId(provider.id)}>
                      Edit
                    </Button>
                    <ConfirmDialog
                      trigger={
                        <Button size="sm" variant="ghost" aria-label={`Remove ${provider.label}`}>
                          Remove
                        </Button>
                      }
                      title={`Remove ${provider.label}?`}
                      description={`Its saved key and ${countOf(provider.modelCount, "model")} go with it; chats that used them keep their messages.`}
                      confirmLabel="Remove provider"
                      onConfirm={() => remove.mutateAsync({ id: provider.id })}
                    />
                  </div>
                </CardContent>
              </Card>
            )}
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

/** Asks, on the provider's own card, for a key the server can no longer unseal (README: "asks for the key again"). */
function KeyAgainForm({ provider, onDone }: { provider: TProvider; onDone: () => void }) {
  const trpc = useTRPC();
  const [apiKey, setApiKey] = useState("");
  const save = useMutation(trpc.models.updateProvider.mutationOptions({ onSuccess: () => (toast.success(`New key saved for ${provider.label}.`), onDone()), onError: (error) => toast.error(error.message) }));
  const inputId = `provider-key-again-${provider.id}`;
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ id: provider.id, fields: { kind: provider.kind, label: provider.label, baseUrl: provider.baseUrl, apiKey: apiKey.trim() } });
  }
  return (
    <form onSubmit={onSubmit} aria-label={`New key for ${provider.label}`} className="space-y-2">
      <FormAlert>The saved key can no longer be read (the server&apos;s secret changed, or the stored key was altered). Enter it again to keep using {provider.label}.</FormAlert>
      <Label htmlFor={inputId}>API key</Label>
      <div className="flex gap-2">
        <Input id={inputId} type="password" autoComplete="off" value={apiKey} onChange={(event) => setApiKey(event.target.value)} />
        <Button type="submit" disabled={save.isPending || !apiKey.trim()}>
          Save key
        </Button>
      </div>
    </form>
  );
}

/** A new provider, or the label, base URL and key of a saved one (its kind stays; an empty key field keeps the key). */
function ProviderForm({ provider, onDone }: { provider?: TProvider; onDone: (providerId: string | null) => void }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState<TDraft>(provider ? { kind: provider.kind, label: provider.label, baseUrl: provider.baseUrl ?? "", apiKey: "" } : NEW_DRAFT);
  const info = PROVIDER_KIND_INFO[draft.kind];
  const onError = (error: { message: string }) => toast.error(error.message);
  const create = useMutation(trpc.models.createProvider.mutationOptions({ onSuccess: ({ id }) => onDone(id), onError }));
  const update = useMutation(trpc.models.updateProvider.mutationOptions({ onSuccess: () => onDone(provider?.id ?? null), onError }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const fields = { kind: draft.kind, label: draft.label, baseUrl: draft.baseUrl.trim() || null, apiKey: draft.apiKey.trim() || undefined };
    if (provider) update.mutate({ id: provider.id, fields });
    else create.mutate(fields);
  }

  return (
    <Card>
      <form onSubmit={onSubmit} aria-label={provider ? `Edit ${provider.label}` : "New provider"}>
        <CardContent className="space-y-3">
          {provider ? (
            <p className="text-sm text-muted-foreground">
              {kindName(provider.kind)} provider; to use another kind, add a new provider.
            </p>
          ) : (
            <div className="space-y-1.5">
              <Label htmlFor="provider-kind">Provider</Label>
              <NativeSelect
                id="provider-kind"
                className="w-full"
                value={draft.kind}
                onChange={(event) => {
                  const kind = event.target.value as TProviderKind;
                  setDraft({ ...draft, kind, label: kindName(kind) });
                }}
              >
                {PROVIDER_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {PROVIDER_KIND_INFO[kind].label}
                  </option>
                ))}
              </NativeSelect>
            </div>
          )}
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
            <Label htmlFor="provider-api-key">API key{info.keyRequired || provider ? "" : " (optional)"}</Label>
            <Input
              id="provider-api-key"
              type="password"
              autoComplete="off"
              placeholder={provider?.apiKeyLastFour ? `Empty keeps the saved key (${provider.apiKeyLastFour})` : info.keyHint}
              value={draft.apiKey}
              onChange={(event) => setDraft({ ...draft, apiKey: event.target.value })}
            />
          </div>
          <div className="flex gap-2">
            <Button type="submit" disabled={create.isPending || update.isPending || !draft.label.trim()}>
              {provider ? "Save changes" : "Save provider"}
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
