import type { Metadata } from "next";
import { PersonaManager } from "@/components/characters/persona-manager";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "Personas" };

export default async function PersonasPage() {
  await requireViewer("/characters/personas");
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Personas</h1>
        <p className="text-muted-foreground">Who you are in a chat. Characters see your persona&apos;s name and description; the default one is used unless you pick another.</p>
      </div>
      <PersonaManager />
    </div>
  );
}
