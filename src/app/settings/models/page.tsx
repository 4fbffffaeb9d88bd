import type { Metadata } from "next";
import { ModelList } from "@/components/models/model-list";
import { ProviderList } from "@/components/models/provider-list";
import { ScenarioSettings } from "@/components/models/scenario-settings";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsSettingsPage() {
  await requireViewer("/settings/models");
  return (
    <div className="space-y-10">
      <section className="space-y-3">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">Providers</h1>
          <p className="text-sm text-muted-foreground">
            Your keys are encrypted on the server and never shown again after saving; replies are requested by the server, so every device you sign in on can chat.
          </p>
        </div>
        <ProviderList />
      </section>
      <section className="space-y-3">
        <div className="space-y-1">
          <h2 className="text-xl font-semibold tracking-tight">What each task uses</h2>
          <p className="text-sm text-muted-foreground">Left on automatic, a task uses your first starred model.</p>
        </div>
        <ScenarioSettings />
      </section>
      <section className="space-y-3">
        <div className="space-y-1">
          <h2 className="text-xl font-semibold tracking-tight">Models</h2>
          <p className="text-sm text-muted-foreground">Star the ones you use, hide the rest, and correct limits or prices where ours are wrong.</p>
        </div>
        <ModelList />
      </section>
    </div>
  );
}
