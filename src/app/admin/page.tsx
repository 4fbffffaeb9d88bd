import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AccountsPanel } from "@/components/admin/accounts-panel";
import { InvitesPanel } from "@/components/admin/invites-panel";
import { PrivateHostsPanel } from "@/components/admin/private-hosts-panel";
import { RegistrationPanel } from "@/components/admin/registration-panel";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "Administration" };

export default async function AdminPage() {
  const viewer = await requireViewer("/admin");
  // To anyone else the page does not exist; every procedure it calls refuses them as well.
  if (viewer.role !== "admin") notFound();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Administration</h1>
        <p className="text-muted-foreground">Who may join this Coterie, the accounts in it, and what its server may reach.</p>
      </div>
      <AccountsPanel viewerId={viewer.id} />
      <InvitesPanel />
      <RegistrationPanel />
      <PrivateHostsPanel />
    </div>
  );
}
