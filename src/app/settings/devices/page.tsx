import type { Metadata } from "next";
import { DeviceList } from "@/components/settings/device-list";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "Devices" };

export default async function DevicesPage() {
  await requireViewer("/settings/devices");
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Devices</h1>
        <p className="text-muted-foreground">
          Every browser signed in to your account. Sign out any you do not recognise; it is cut off on its next request.
        </p>
      </div>
      <DeviceList />
    </div>
  );
}
