"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useTRPC } from "@/trpc/react";

export function DeleteAccount() {
  const trpc = useTRPC();
  const router = useRouter();
  const methods = useQuery(trpc.account.signInMethods.queryOptions());
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState("");
  const remove = useMutation(
    trpc.account.delete.mutationOptions({
      onSuccess: () => {
        router.replace("/");
        router.refresh();
      },
    }),
  );
  const needsPassword = methods.data?.hasPassword ?? true;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    remove.mutate(needsPassword ? { password } : {});
  }

  return (
    <Card className="border-destructive/40">
      <CardHeader>
        <CardTitle>Delete account</CardTitle>
        <CardDescription>
          Deletes your account and everything in it — characters, chats, links, rooms and keys. This cannot be undone.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {!confirming ? (
          <Button variant="destructive" onClick={() => setConfirming(true)}>
            Delete my account…
          </Button>
        ) : (
          <form onSubmit={onSubmit} className="space-y-3">
            {needsPassword ? (
              <div className="space-y-1.5">
                <Label htmlFor="delete-password">Your password, to confirm</Label>
                <Input id="delete-password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} />
              </div>
            ) : (
              <p className="text-sm text-muted-foreground">You signed in recently, so no password is needed to confirm.</p>
            )}
            {remove.error && (
              <p role="alert" className="text-sm text-destructive">
                {remove.error.message}
              </p>
            )}
            <div className="flex gap-2">
              <Button type="submit" variant="destructive" disabled={remove.isPending || (needsPassword && !password)}>
                Delete forever
              </Button>
              <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </div>
          </form>
        )}
      </CardContent>
    </Card>
  );
}
