"use client";

import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import type { TRoomSettings } from "@/lib/rooms/protocol";
import { TURN_POLICIES, TURN_POLICY_LABELS, type TTurnPolicy } from "@/lib/rooms/turn-policy";

/** The host's turn settings, applied at once for everyone. */
export function RoomSettingsForm({ settings, onChange }: { settings: TRoomSettings; onChange: (settings: TRoomSettings) => void }) {
  return (
    <section aria-label="Room settings" className="space-y-3">
      <h2 className="text-sm font-medium">Turns</h2>
      <div className="space-y-1.5">
        <Label htmlFor="room-turn-policy">Character turns</Label>
        <NativeSelect id="room-turn-policy" className="w-full" value={settings.turnPolicy} onChange={(event) => onChange({ ...settings, turnPolicy: event.target.value as TTurnPolicy })}>
          {TURN_POLICIES.map((policy) => (
            <option key={policy} value={policy}>
              {TURN_POLICY_LABELS[policy]}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="room-reply-cap">Character replies per message</Label>
        <NativeSelect id="room-reply-cap" className="w-full" value={settings.maxAiRepliesPerMessage} onChange={(event) => onChange({ ...settings, maxAiRepliesPerMessage: Number(event.target.value) })}>
          {[0, 1, 2, 3, 4, 5, 6, 7, 8].map((cap) => (
            <option key={cap} value={cap}>
              {cap}
            </option>
          ))}
        </NativeSelect>
      </div>
    </section>
  );
}
