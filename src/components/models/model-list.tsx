"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Eye, EyeOff, Star } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { useTRPC } from "@/trpc/react";

/** Micro-dollars per million tokens → "$2.50", as vendors publish prices. */
function price(perMillion: number | null): string {
  return perMillion === null ? "—" : `$${(perMillion / 1_000_000).toFixed(perMillion % 10_000 === 0 ? 2 : 4)}`;
}

export function ModelList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const models = useQuery(trpc.models.list.queryOptions());
  const [showHidden, setShowHidden] = useState(false);
  const [filter, setFilter] = useState("");
  const [editing, setEditing] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.models.list.queryKey() });
  const onError = (error: { message: string }) => toast.error(error.message);
  const setFlags = useMutation(trpc.models.setFlags.mutationOptions({ onSuccess: () => void refresh(), onError }));

  if (models.isPending) return <p className="text-muted-foreground">Loading…</p>;
  if (models.isError) return <p className="text-destructive">{models.error.message}</p>;
  const visible = models.data.filter((model) => (showHidden || !model.hidden) && `${model.label} ${model.modelId}`.toLowerCase().includes(filter.toLowerCase()));
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <Input aria-label="Filter models" placeholder="Filter models" className="max-w-xs" value={filter} onChange={(event) => setFilter(event.target.value)} />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-primary" checked={showHidden} onChange={(event) => setShowHidden(event.target.checked)} />
          Show hidden ({models.data.filter((model) => model.hidden).length})
        </label>
      </div>
      {models.data.length === 0 ? <p className="text-sm text-muted-foreground">Add a provider above; its models appear here.</p> : null}
      <ul aria-label="Models" className="divide-y rounded-lg border">
        {visible.slice(0, 300).map((model) => (
          <li key={model.id} className="space-y-2 p-3">
            <div className="flex flex-wrap items-center gap-2">
              <Button
                size="icon"
                variant="ghost"
                className="size-7"
                aria-label={model.starred ? `Unstar ${model.label}` : `Star ${model.label}`}
                aria-pressed={model.starred}
                onClick={() => setFlags.mutate({ ids: [model.id], starred: !model.starred })}
              >
                <Star className={model.starred ? "fill-current text-amber-500" : ""} />
              </Button>
              <span className="font-medium">{model.label}</span>
              <span className="text-xs text-muted-foreground">{model.providerLabel}</span>
              {model.vision ? <Badge variant="outline">vision</Badge> : null}
              {model.reasoning ? <Badge variant="outline">reasoning</Badge> : null}
              {model.tools ? <Badge variant="outline">tools</Badge> : null}
              {model.customized ? <Badge variant="secondary">edited</Badge> : null}
              <span className="ml-auto text-xs text-muted-foreground">
                {model.contextWindow.toLocaleString()} ctx · in {price(model.inputPricePerMillion)} · out {price(model.outputPricePerMillion)} /M
              </span>
              <Button size="sm" variant="ghost" onClick={() => setEditing(editing === model.id ? null : model.id)}>
                Edit
              </Button>
              <Button
                size="icon"
                variant="ghost"
                className="size-7"
                aria-label={model.hidden ? `Show ${model.label}` : `Hide ${model.label}`}
                onClick={() => setFlags.mutate({ ids: [model.id], hidden: !model.hidden })}
              >
                {model.hidden ? <EyeOff /> : <Eye />}
              </Button>
            </div>
            {editing === model.id ? <ModelEditor model={model} onDone={() => setEditing(null)} /> : null}
          </li>
        ))}
      </ul>
      <ManualModelForm />
    </div>
  );
}

type TModel = {
  id: string;
  label: string;
  contextWindow: number;
  maxOutputTokens: number;
  vision: boolean;
  reasoning: boolean;
  tools: boolean;
  inputPricePerMillion: number | null;
  outputPricePerMillion: number | null;
  cachedInputPricePerMillion: number | null;
};

const toDollars = (perMillion: number | null) => (perMillion === null ? "" : String(perMillion / 1_000_000));
const fromDollars = (text: string) => (text.trim() === "" ? null : Number(text));

function ModelEditor({ model, onDone }: { model: TModel; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState({
    label: model.label,
    contextWindow: String(model.contextWindow),
    maxOutputTokens: String(model.maxOutputTokens),
    vision: model.vision,
    reasoning: model.reasoning,
    tools: model.tools,
    inputPrice: toDollars(model.inputPricePerMillion),
    outputPrice: toDollars(model.outputPricePerMillion),
    cachedInputPrice: toDollars(model.cachedInputPricePerMillion),
  });
  const done = () => void queryClient.invalidateQueries({ queryKey: trpc.models.list.queryKey() }).then(onDone);
  const onError = (error: { message: string }) => toast.error(error.message);
  const update = useMutation(trpc.models.update.mutationOptions({ onSuccess: done, onError }));
  const reset = useMutation(trpc.models.reset.mutationOptions({ onSuccess: done, onError }));
  const remove = useMutation(trpc.models.delete.mutationOptions({ onSuccess: done, onError }));
  const field = (name: keyof typeof draft, label: string, type = "text") => (
    <div className="space-y-1">
      <Label htmlFor={`model-${model.id}-${name}`}>{label}</Label>
      <Input id={`model-${model.id}-${name}`} type={type} value={String(draft[name])} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} />
    </div>
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    update.mutate({
      id: model.id,
      overrides: {
        label: draft.label,
        contextWindow: Number(draft.contextWindow),
        maxOutputTokens: Number(draft.maxOutputTokens),
        vision: draft.vision,
        reasoning: draft.reasoning,
        tools: draft.tools,
        inputPrice: fromDollars(draft.inputPrice),
        outputPrice: fromDollars(draft.outputPrice),
        cachedInputPrice: fromDollars(draft.cachedInputPrice),
      },
    });
  }

  return (
    <form onSubmit={onSubmit} aria-label={`Edit ${model.label}`} className="grid gap-2 sm:grid-cols-3">
      {field("label", "Name")}
      {field("contextWindow", "Context window", "number")}
      {field("maxOutputTokens", "Max output", "number")}
      {field("inputPrice", "Input $/M tokens", "number")}
      {field("outputPrice", "Output $/M tokens", "number")}
      {field("cachedInputPrice", "Cached input $/M", "number")}
      <div className="flex flex-wrap gap-3 text-sm sm:col-span-3">
        {(["vision", "reasoning", "tools"] as const).map((capability) => (
          <label key={capability} className="flex items-center gap-2">
            <input type="checkbox" className="size-4 accent-primary" checked={draft[capability]} onChange={(event) => setDraft({ ...draft, [capability]: event.target.checked })} />
            {capability}
          </label>
        ))}
      </div>
      <div className="flex flex-wrap gap-2 sm:col-span-3">
        <Button type="submit" size="sm" disabled={update.isPending}>
          Save model
        </Button>
        <Button type="button" size="sm" variant="outline" onClick={() => reset.mutate({ id: model.id })}>
          Reset to defaults
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={() => remove.mutate({ id: model.id })}>
          Remove
        </Button>
      </div>
    </form>
  );
}

/** A model the provider does not list (or cannot list), added by its id. */
function ManualModelForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const providers = useQuery(trpc.models.providers.queryOptions());
  const choices = providers.data?.map((provider) => [provider.id, provider.label] as const) ?? [];
  const [providerId, setProviderId] = useState("");
  const [modelId, setModelId] = useState("");
  const add = useMutation(
    trpc.models.addManual.mutationOptions({
      onSuccess: () => {
        setModelId("");
        void queryClient.invalidateQueries({ queryKey: trpc.models.list.queryKey() });
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  if (choices.length === 0) return null;
  const chosen = providerId !== "" ? providerId : (choices[0]?.[0] ?? "");
  return (
    <Card>
      <CardContent>
        <form
          aria-label="Add a model by id"
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate({ providerId: chosen, modelId });
          }}
        >
          <div className="space-y-1">
            <Label htmlFor="manual-model-provider">Provider</Label>
            <NativeSelect id="manual-model-provider" value={chosen} onChange={(event) => setProviderId(event.target.value)}>
              {choices.map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="min-w-48 flex-1 space-y-1">
            <Label htmlFor="manual-model-id">Model id</Label>
            <Input id="manual-model-id" placeholder="e.g. llama3.1:8b" value={modelId} onChange={(event) => setModelId(event.target.value)} />
          </div>
          <Button type="submit" variant="outline" disabled={!modelId.trim() || add.isPending}>
            Add model
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
