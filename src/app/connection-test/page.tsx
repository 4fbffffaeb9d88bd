import type { Metadata } from "next";
import { ConnectionTest } from "@/components/connection-test/connection-test";

export const metadata: Metadata = { title: "Connection test" };

export default function ConnectionTestPage() {
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Connection test</h1>
        <p className="text-muted-foreground">
          Shares and rooms connect browsers directly. Open this page on two devices and connect one to the other to
          check that they can reach each other through this server&apos;s signaling and ICE settings.
        </p>
      </div>
      <ConnectionTest />
    </div>
  );
}
