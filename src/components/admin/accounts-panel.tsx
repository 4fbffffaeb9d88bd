"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { passwordResetLink } from "@/lib/auth/one-time-links";
import type { RouterOutputs } from "@/trpc/react";
import { useTRPC } from "@/trpc/react";
import { OneTimeLink } from "./one-time-link";
import { countOf } from "@/lib/format/plural";

type TAccount = RouterOutputs["admin"]["accounts"][number];

const date = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

function accountName(account: TAccount): string {
  return account.username ? `@${account.username}` : (account.name ?? account.email ?? account.id);
}

export function AccountsPanel({ viewerId }: { viewerId: string }) {
  const trpc = useTRPC();
  const accounts = useQuery(trpc.admin.accounts.queryOptions());
  return (
    <Card>
      <CardHeader>
        <CardTitle>Accounts</CardTitle>
        <CardDescription>
          A disabled account cannot sign in by any method and is signed out everywhere at once. Someone who lost their password gets a
          one-time link from you.
        </CardDescription>
      </CardHeader>
      <CardContent className="px-0">
        {accounts.isPending && <p className="px-5 text-muted-foreground">Loading accounts…</p>}
        {accounts.isError && <p className="px-5 text-destructive">Could not load accounts: {accounts.error.message}</p>}
        {accounts.data && (
          <ul aria-label="Accounts" className="divide-y">
            {accounts.data.map((account) => (
              <AccountRow key={account.id} account={account} isViewer={account.id === viewerId} />
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function AccountRow({ account, isViewer }: { account: TAccount; isViewer: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [resetLink, setResetLink] = useState<{ url: string; expiresAt: Date } | null>(null);
  const name = accountName(account);
  const options = (success: string) => ({
    onSuccess: () => toast.success(success),
    onError: (error: { message: string }) => toast.error(error.message),
    onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.admin.accounts.queryKey() }),
  });
  const setDisabled = useMutation(trpc.admin.setAccountDisabled.mutationOptions(options(account.disabled ? `${name} can sign in again` : `${name} is disabled`)));
  const setRole = useMutation(trpc.admin.setAccountRole.mutationOptions(options(account.role === "admin" ? `${name} is a member now` : `${name} is an administrator now`)));
  const remove = useMutation(trpc.admin.deleteAccount.mutationOptions(options(`${name} was deleted`)));
  const createReset = useMutation(
    trpc.admin.createPasswordResetLink.mutationOptions({
      onSuccess: ({ token, expiresAt }) => setResetLink({ url: passwordResetLink(window.location.origin, token), expiresAt }),
      onError: (error) => toast.error(error.message),
    }),
  );
  const methods = [account.hasPassword ? "password" : null, ...account.providers].filter(Boolean).join(", ") || "none";

  return (
    <li aria-label={name} className="space-y-3 px-5 py-3">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{name}</span>
        {account.name && account.username && <span className="text-sm text-muted-foreground">{account.name}</span>}
        {account.role === "admin" && <Badge>Administrator</Badge>}
        {account.disabled && <Badge variant="destructive">Disabled</Badge>}
        {isViewer && <Badge variant="success">You</Badge>}
      </div>
      <p className="text-sm text-muted-foreground">
        Joined {date.format(account.createdAt)} · last sign-in {account.lastLoginAt ? date.format(account.lastLoginAt) : "never"} · signs in with{" "}
        {methods} · {countOf(account.signedInDevices, "device")} signed in
      </p>
      {!isViewer && (
        <div className="flex flex-wrap gap-2">
          <Button variant="outline" size="sm" disabled={setDisabled.isPending} onClick={() => setDisabled.mutate({ userId: account.id, disabled: !account.disabled })}>
            {account.disabled ? "Enable" : "Disable"}
          </Button>
          <Button variant="outline" size="sm" disabled={createReset.isPending} onClick={() => createReset.mutate({ userId: account.id })}>
            Reset password
          </Button>
          <Button variant="outline" size="sm" disabled={setRole.isPending} onClick={() => setRole.mutate({ userId: account.id, role: account.role === "admin" ? "member" : "admin" })}>
            {account.role === "admin" ? "Remove administrator" : "Make administrator"}
          </Button>
          {confirmingDelete ? (
            <>
              <Button variant="destructive" size="sm" disabled={remove.isPending} onClick={() => remove.mutate({ userId: account.id })}>
                Delete {name} and everything in it
              </Button>
              <Button variant="ghost" size="sm" onClick={() => setConfirmingDelete(false)}>
                Cancel
              </Button>
            </>
          ) : (
            <Button variant="outline" size="sm" onClick={() => setConfirmingDelete(true)}>
              Delete…
            </Button>
          )}
        </div>
      )}
      {resetLink && <OneTimeLink label="Password reset link" url={resetLink.url} expiresAt={resetLink.expiresAt} onDismiss={() => setResetLink(null)} />}
    </li>
  );
}
