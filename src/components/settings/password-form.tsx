"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormAlert } from "@/components/ui/form-alert";
import { Input } from "@/components/ui/input";
import { FormField } from "@/components/ui/form-field";
import { formErrors } from "@/trpc/form-errors";
import { useTRPC } from "@/trpc/react";

function signedOutMessage(count: number): string {
  if (count === 0) return "No other device was signed in.";
  return count === 1 ? "1 other device was signed out." : `${count} other devices were signed out.`;
}

/** Change the password, or add a first one to an account made through a provider (choosing a username if it has none). */
export function PasswordForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const methods = useQuery(trpc.account.signInMethods.queryOptions());
  const profile = useQuery(trpc.account.profile.queryOptions());
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [username, setUsername] = useState("");
  const save = useMutation(
    trpc.account.setPassword.mutationOptions({
      onSuccess: async ({ signedOutDevices }, input) => {
        toast.success(`${input.currentPassword ? "Password changed" : "Password added"}. ${signedOutMessage(signedOutDevices)}`);
        setCurrentPassword("");
        setNewPassword("");
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.account.signInMethods.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.account.profile.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.account.devices.queryKey() }),
        ]);
      },
    }),
  );

  if (methods.isPending || profile.isPending) return null;
  if (methods.isError || profile.isError) return <p className="text-destructive">Could not load your password settings.</p>;
  const hasPassword = methods.data.hasPassword;
  const needsUsername = !hasPassword && !profile.data.username;
  const errors = formErrors(save.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      currentPassword: hasPassword ? currentPassword : undefined,
      newPassword,
      username: needsUsername ? username.trim() : undefined,
    });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>{hasPassword ? "Change password" : "Add a password"}</CardTitle>
        <CardDescription>
          {hasPassword
            ? "Every other device is signed out when the password changes."
            : "Sign in with a username and password as well as your provider. You need to have signed in within the last ten minutes; other devices are signed out."}
        </CardDescription>
      </CardHeader>
      <form onSubmit={onSubmit} noValidate>
        <CardContent className="space-y-4">
          <FormAlert>{errors.form}</FormAlert>
          {needsUsername && (
            <FormField id="new-username" label="Username" error={errors.fields.username}>
              <Input id="new-username" autoComplete="username" value={username} onChange={(event) => setUsername(event.target.value)} />
            </FormField>
          )}
          {hasPassword && (
            <FormField id="current-password" label="Current password" error={errors.fields.currentPassword}>
              <Input
                id="current-password"
                type="password"
                autoComplete="current-password"
                value={currentPassword}
                onChange={(event) => setCurrentPassword(event.target.value)}
              />
            </FormField>
          )}
          <FormField id="new-password" label="New password" error={errors.fields.newPassword} hint="At least 10 characters. A few unrelated words make a strong one.">
            <Input id="new-password" type="password" autoComplete="new-password" value={newPassword} onChange={(event) => setNewPassword(event.target.value)} />
          </FormField>
          <Button type="submit" disabled={save.isPending || !newPassword || (hasPassword && !currentPassword)}>
            {save.isPending ? "Saving…" : hasPassword ? "Change password" : "Add password"}
          </Button>
        </CardContent>
      </form>
    </Card>
  );
}
