"use client";

import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import type { TRoomSettings } from "@/lib/rooms/protocol";
import { TURN_POLICIES, TURN_POLICY_LABELS, type TTurnPolicy } from "@/lib/rooms/turn-policy";

type TTurnSettings = Pick<TRoomSettings, "turnPolicy" | "maxAiRepliesPerMessage">;
const REPLY_CAPS = [0, 1, 2, 3, 4, 5, 6, 7, 8];

/** How characters take turns, and how many may answer one person's message: set at creation, changed by the host. */
export function TurnSettingsFields({ idPrefix, value, onChange }: { idPrefix: string; value: TTurnSettings; onChange: (value: TTurnSettings) => void }) {
  return (
    <>
      <div className="space-y-1.5">
        <Label htmlFor={`${idPrefix}-policy`}>Character turns</Label>
        <NativeSelect id={`${idPrefix}-policy`} className="w-full" value={value.turnPolicy} onChange={(event) => onChange({ ...value, turnPolicy: event.target.value as TTurnPolicy })}>
          {TURN_POLICIES.map((policy) => (
            <option key={policy} value={policy}>
              {TURN_POLICY_LABELS[policy]}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor={`${idPrefix}-reply-cap`}>Character replies per message</Label>
        <NativeSelect id={`${idPrefix}-reply-cap`} className="w-full" value={value.maxAiRepliesPerMessage} onChange={(event) => onChange({ ...value, maxAiRepliesPerMessage: Number(event.target.value) })}>
          {REPLY_CAPS.map((cap) => (
            <option key={cap} value={cap}>
              {cap}
            </option>
          ))}
        </NativeSelect>
      </div>
    </>
  );
}
