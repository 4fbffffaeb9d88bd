import type { Metadata } from "next";
import { DeleteAccount } from "@/components/settings/delete-account";
import { ProfileForm } from "@/components/settings/profile-form";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  await requireViewer("/settings/profile");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Profile</h1>
      <ProfileForm />
      <DeleteAccount />
    </div>
  );
}
