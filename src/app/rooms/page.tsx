import { Users } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";

export const metadata: Metadata = { title: "Rooms" };

export default function RoomsPage() {
  return (
    <ComingSoon
      title="Rooms"
      icon={Users}
      intro="Rooms for up to eight people and their characters are being built."
      points={[
        "Join by short link or QR code and bring a character",
        "Orderly AI turns: natural, round-robin or manual, paused while people type",
        "Save the conversation into your chats",
      ]}
    />
  );
}
