"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { inviteLink } from "@/lib/auth/one-time-links";
import { formErrors } from "@/trpc/form-errors";
import type { RouterOutputs } from "@/trpc/react";
import { useTRPC } from "@/trpc/react";
import { OneTimeLink } from "./one-time-link";

type TInvite = RouterOutputs["admin"]["invites"][number];

const EXPIRY_CHOICES = [
  { hours: 24, label: "1 day" },
  { hours: 7 * 24, label: "7 days" },
  { hours: 30 * 24, label: "30 days" },
];

const STATUS_BADGES: Record<TInvite["status"], { label: string; variant: "success" | "secondary" | "destructive" }> = {
  active: { label: "Unused", variant: "success" },
  used: { label: "Used", variant: "secondary" },
  expired: { label: "Expired", variant: "secondary" },
  revoked: { label: "Revoked", variant: "destructive" },
};

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function InvitesPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invites = useQuery(trpc.admin.invites.queryOptions());
  const [label, setLabel] = useState("");
  const [expiresInHours, setExpiresInHours] = useState(7 * 24);
  const [created, setCreated] = useState<{ url: string; expiresAt: Date } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.invites.queryKey() });
  const create = useMutation(
    trpc.admin.createInvite.mutationOptions({
      onSuccess: ({ token, expiresAt }) => {
        setCreated({ url: inviteLink(window.location.origin, token), expiresAt });
        setLabel("");
      },
      onSettled: refresh,
    }),
  );
  const revoke = useMutation(
    trpc.admin.revokeInvite.mutationOptions({
      onSuccess: () => toast.success("Invite revoked"),
      onError: (error) => toast.error(error.message),
      onSettled: refresh,
    }),
  );
  const errors = formErrors(create.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ expiresInHours, label: label.trim() || undefined });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Invites</CardTitle>
        <CardDescription>Each link lets one new person create an account, until it expires. Revoke one you no longer want used.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
          <div className="min-w-48 flex-1">
            <FormField id="invite-label" label="For (optional)" error={errors.fields.label}>
              <Input id="invite-label" value={label} placeholder="Who is it for?" onChange={(event) => setLabel(event.target.value)} />
            </FormField>
          </div>
          <FormField id="invite-expiry" label="Expires after">
            <NativeSelect id="invite-expiry" value={expiresInHours} onChange={(event) => setExpiresInHours(Number(event.target.value))}>
              {EXPIRY_CHOICES.map((choice) => (
                <option key={choice.hours} value={choice.hours}>
                  {choice.label}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          <Button type="submit" disabled={create.isPending}>
            Create invite link
          </Button>
        </form>
        {errors.form && (
          <p role="alert" className="text-sm text-destructive">
            {errors.form}
          </p>
        )}
        {created && <OneTimeLink label="Invite link" url={created.url} expiresAt={created.expiresAt} onDismiss={() => setCreated(null)} />}
        {invites.isError && <p className="text-destructive">Could not load invites: {invites.error.message}</p>}
        {invites.data?.length === 0 && <p className="text-sm text-muted-foreground">No invites yet.</p>}
        {invites.data && invites.data.length > 0 && (
          <ul aria-label="Invites" className="divide-y rounded-md border">
            {invites.data.map((invite) => (
              <li key={invite.id} className="flex flex-wrap items-center gap-3 px-4 py-2 text-sm">
                <Badge variant={STATUS_BADGES[invite.status].variant}>{STATUS_BADGES[invite.status].label}</Badge>
                <span className="min-w-0 flex-1">
                  <span className="font-medium">{invite.label ?? "Invite"}</span>{" "}
                  <span className="text-muted-foreground">
                    {invite.usedBy
                      ? `used by ${invite.usedBy.username ? `@${invite.usedBy.username}` : (invite.usedBy.name ?? "someone")}${invite.usedAt ? ` on ${dateTime.format(invite.usedAt)}` : ""}`
                      : `created ${dateTime.format(invite.createdAt)}, ${invite.status === "expired" ? "expired" : "expires"} ${dateTime.format(invite.expiresAt)}`}
                  </span>
                </span>
                {invite.status === "active" && (
                  <Button variant="outline" size="sm" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: invite.id })}>
                    Revoke
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
