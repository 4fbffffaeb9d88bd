"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { SCENARIO_LABELS, type TScenario } from "@/lib/llm/provider-kinds";
import { useTRPC } from "@/trpc/react";

type TSetting = { scenario: TScenario; modelRowId: string | null; temperature: number; maxOutputTokens: number; reasoning: boolean };
type TModelOption = { id: string; label: string; providerLabel: string; hidden: boolean; reasoning: boolean };

export function ScenarioSettings() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.models.settings.queryOptions());
  const models = useQuery(trpc.models.list.queryOptions());
  if (settings.isPending || models.isPending) return <p className="text-muted-foreground">Loading…</p>;
  if (settings.isError) return <p className="text-destructive">{settings.error.message}</p>;
  const options = (models.data ?? []).filter((model) => !model.hidden);
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {settings.data.map((setting) => (
        <ScenarioCard key={`${setting.scenario}:${setting.modelRowId}:${setting.temperature}:${setting.maxOutputTokens}:${setting.reasoning}`} setting={setting} models={options} />
      ))}
    </div>
  );
}

function ScenarioCard({ setting, models }: { setting: TSetting; models: TModelOption[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(setting);
  const save = useMutation(
    trpc.models.saveSettings.mutationOptions({
      onSuccess: () => {
        toast.success(`${SCENARIO_LABELS[setting.scenario]} settings saved.`);
        void queryClient.invalidateQueries({ queryKey: trpc.models.settings.queryKey() });
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  const selected = models.find((model) => model.id === draft.modelRowId);
  const id = (field: string) => `scenario-${setting.scenario}-${field}`;
  return (
    <Card>
      <CardContent className="space-y-3">
        <h3 className="font-medium">{SCENARIO_LABELS[setting.scenario]}</h3>
        <div className="space-y-1.5">
          <Label htmlFor={id("model")}>Model</Label>
          <NativeSelect id={id("model")} className="w-full" value={draft.modelRowId ?? ""} onChange={(event) => setDraft({ ...draft, modelRowId: event.target.value || null })}>
            <option value="">Automatic (first starred)</option>
            {models.map((model) => (
              <option key={model.id} value={model.id}>
                {model.providerLabel} · {model.label}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid grid-cols-2 gap-2">
          <div className="space-y-1.5">
            <Label htmlFor={id("temperature")}>Temperature</Label>
            <Input id={id("temperature")} type="number" min={0} max={2} step={0.05} value={draft.temperature} onChange={(event) => setDraft({ ...draft, temperature: Number(event.target.value) })} />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor={id("max-tokens")}>Max tokens</Label>
            <Input id={id("max-tokens")} type="number" min={1} max={200000} value={draft.maxOutputTokens} onChange={(event) => setDraft({ ...draft, maxOutputTokens: Number(event.target.value) })} />
          </div>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-primary" checked={draft.reasoning} onChange={(event) => setDraft({ ...draft, reasoning: event.target.checked })} />
          Reasoning{selected && !selected.reasoning ? " (this model cannot)" : ""}
        </label>
        <Button size="sm" disabled={save.isPending} onClick={() => save.mutate(draft)}>
          Save
        </Button>
      </CardContent>
    </Card>
  );
}
