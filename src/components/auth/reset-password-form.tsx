"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { FormAlert } from "@/components/ui/form-alert";
import { Input } from "@/components/ui/input";
import { formErrors } from "@/trpc/form-errors";
import { useTRPC } from "@/trpc/react";
import { useFragmentParam } from "./use-url-fragment";

const UNUSABLE = "This password reset link has expired or has already been used. Ask the administrator for a new one.";

/** The page a one-time reset link opens (/reset-password#token=…): choose a new password, then sign in with it. */
export function ResetPasswordForm() {
  const trpc = useTRPC();
  const token = useFragmentParam("token");
  const link = useQuery({ ...trpc.auth.passwordResetLink.queryOptions({ token: token ?? "" }), enabled: Boolean(token), retry: false });
  const [done, setDone] = useState(false);

  if (token === undefined || (token && link.isPending)) return <p className="text-center text-muted-foreground">Loading…</p>;
  if (done) {
    return (
      <Notice title="Password set">
        <p>Every device that was signed in to this account has been signed out. Sign in with your new password.</p>
      </Notice>
    );
  }
  if (!token || link.isError || !link.data?.usable) {
    return (
      <Notice title="Set a new password">
        <FormAlert>
          {!token || link.isError ? "This password reset link is incomplete. Copy all of it from the administrator's message." : UNUSABLE}
        </FormAlert>
      </Notice>
    );
  }
  return <NewPasswordForm token={token} username={link.data.username} onDone={() => setDone(true)} />;
}

function Notice({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card className="mx-auto w-full max-w-sm">
      <CardHeader>
        <CardTitle className="text-xl">{title}</CardTitle>
      </CardHeader>
      <CardContent className="space-y-3 text-sm">{children}</CardContent>
      <CardFooter>
        <Button asChild className="w-full">
          <Link href="/sign-in">Sign in</Link>
        </Button>
      </CardFooter>
    </Card>
  );
}

function NewPasswordForm({ token, username, onDone }: { token: string; username: string | null; onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [newPassword, setNewPassword] = useState("");
  const [chosenUsername, setChosenUsername] = useState("");
  const reset = useMutation(
    trpc.auth.resetPassword.mutationOptions({
      onSuccess: () => {
        onDone();
        router.refresh(); // this device may have been one of those signed out
      },
    }),
  );
  const errors = formErrors(reset.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    reset.mutate({ token, newPassword, username: username ? undefined : chosenUsername.trim() });
  }

  return (
    <Card className="mx-auto w-full max-w-sm">
      <CardHeader>
        <CardTitle className="text-xl">Set a new password</CardTitle>
        <CardDescription>{username ? `For @${username}. ` : ""}Every device signed in to the account will be signed out.</CardDescription>
      </CardHeader>
      <form onSubmit={onSubmit} noValidate>
        <CardContent className="space-y-4">
          <FormAlert>{errors.form}</FormAlert>
          {!username && (
            <FormField id="reset-username" label="Username" error={errors.fields.username} hint="You will sign in with it and the new password.">
              <Input id="reset-username" autoComplete="username" value={chosenUsername} onChange={(event) => setChosenUsername(event.target.value)} />
            </FormField>
          )}
          <FormField id="reset-password" label="New password" error={errors.fields.newPassword} hint="At least 10 characters. A few unrelated words make a strong one.">
            <Input id="reset-password" type="password" autoComplete="new-password" value={newPassword} onChange={(event) => setNewPassword(event.target.value)} />
          </FormField>
        </CardContent>
        <CardFooter className="mt-6">
          <Button type="submit" className="w-full" disabled={reset.isPending || !newPassword}>
            {reset.isPending ? "Saving…" : "Set password"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
