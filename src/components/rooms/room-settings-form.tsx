"use client";

import type { TRoomSettings } from "@/lib/rooms/protocol";
import { TurnSettingsFields } from "./turn-settings-fields";

/** The host's turn settings, applied at once for everyone. */
export function RoomSettingsForm({ settings, onChange }: { settings: TRoomSettings; onChange: (settings: TRoomSettings) => void }) {
  return (
    <section aria-label="Room settings" className="space-y-3">
      <h2 className="text-sm font-medium">Turns</h2>
      <TurnSettingsFields idPrefix="room-settings" value={settings} onChange={(turns) => onChange({ ...settings, ...turns })} />
    </section>
  );
}
