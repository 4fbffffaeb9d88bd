import { Send } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";

export const metadata: Metadata = { title: "Share" };

export default function SharePage() {
  return (
    <ComingSoon
      title="Share"
      icon={Send}
      intro="Peer-to-peer file sharing is being built."
      points={[
        "Drop files or a folder and get a short link with a QR code",
        "Optional password checked by the server, expiry while your page is open",
        "Transfers go browser to browser, verified, resumable and streamed to disk",
      ]}
    />
  );
}
