import type { Metadata } from "next";
import { UsageReport } from "@/components/usage/usage-report";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "Usage" };

export default async function UsagePage() {
  await requireViewer("/settings/usage");
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Usage</h1>
        <p className="text-sm text-muted-foreground">Every generation with your keys: chats, translations and titles, with tokens and cost at your models&apos; prices.</p>
      </div>
      <UsageReport />
    </div>
  );
}
