"use client";

import { useId } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A link made for one person, shown once (only its hash is kept): copy it now and pass it on. */
export function OneTimeLink({ label, url, expiresAt, onDismiss }: { label: string; url: string; expiresAt: Date; onDismiss: () => void }) {
  const id = useId();
  return (
    <div className="space-y-2 rounded-md border border-primary/40 bg-primary/5 p-3">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex gap-2">
        <Input id={id} readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
        <CopyButton text={url} label={`Copy ${label.toLowerCase()}`} />
      </div>
      <p className="text-xs text-muted-foreground">
        Works once, until {dateTime.format(expiresAt)}. It is shown only now: Coterie keeps no copy it could show again.{" "}
        <button type="button" className="underline underline-offset-2" onClick={onDismiss}>
          Done
        </button>
      </p>
    </div>
  );
}
