"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FormAlert } from "@/components/ui/form-alert";
import { Input } from "@/components/ui/input";
import { FormField } from "@/components/ui/form-field";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { formErrors } from "@/trpc/form-errors";
import { useTRPC } from "@/trpc/react";
import { OAuthButtons } from "./oauth-buttons";
import { useFragmentParam } from "./use-url-fragment";

type TMode = "sign-in" | "sign-up";

export function AuthForm({ mode }: { mode: TMode }) {
  const trpc = useTRPC();
  // An invite link opens /sign-up#invite=…; the token never reaches the server in the URL.
  const invite = useFragmentParam("invite");
  const registration = useQuery({
    ...trpc.auth.registration.queryOptions({ invite: invite ?? undefined }),
    enabled: mode === "sign-up" && invite !== undefined,
  });
  if (mode === "sign-in") return <CredentialsForm mode="sign-in" invite={null} />;
  if (registration.isError) {
    const errors = formErrors(registration.error);
    return <SignUpRefused message={errors.fields.invite ?? errors.form ?? "Could not check whether you can sign up."} />;
  }
  if (!registration.data || invite === undefined) return <p className="text-center text-muted-foreground">Loading…</p>;
  if (registration.data.refusal) return <SignUpRefused message={registration.data.refusal} />;
  return <CredentialsForm mode="sign-up" invite={invite} />;
}

function SignUpRefused({ message }: { message: string }) {
  return (
    <Card className="mx-auto w-full max-w-sm">
      <CardHeader>
        <CardTitle className="text-xl">Create your account</CardTitle>
      </CardHeader>
      <CardContent>
        <FormAlert>
          {message}
        </FormAlert>
      </CardContent>
      <CardFooter>
        <p className="w-full text-center text-sm text-muted-foreground">
          Already have an account?{" "}
          <Link className="text-primary underline-offset-4 hover:underline" href="/sign-in">
            Sign in
          </Link>
        </p>
      </CardFooter>
    </Card>
  );
}

function CredentialsForm({ mode, invite }: { mode: TMode; invite: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const searchParams = useSearchParams();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const signIn = useMutation(trpc.auth.signIn.mutationOptions());
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const holdInvite = useMutation(trpc.auth.holdInvite.mutationOptions());
  const mutation = mode === "sign-in" ? signIn : signUp;
  const errors = mutation.error ? formErrors(mutation.error) : { form: signInErrorMessage(searchParams.get("error")), fields: {} as Record<string, string> };
  const formError = errors.form ?? errors.fields.invite ?? formErrors(holdInvite.error).form;
  const next = safeNextPath(searchParams.get("next"));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    try {
      if (mode === "sign-in") await signIn.mutateAsync({ username, password });
      else await signUp.mutateAsync({ username, password, name: name.trim() || undefined, invite: invite ?? undefined });
    } catch {
      return; // shown from mutation.error
    }
    router.replace(next);
    router.refresh();
  }

  const signingIn = mode === "sign-in";
  return (
    <Card className="mx-auto w-full max-w-sm">
      <CardHeader>
        <CardTitle className="text-xl">{signingIn ? "Sign in" : "Create your account"}</CardTitle>
        <CardDescription>
          {signingIn ? "Welcome back." : invite ? "You have been invited. An account keeps your characters, chats, links and rooms." : "An account keeps your characters, chats, links and rooms."}
        </CardDescription>
      </CardHeader>
      <form onSubmit={onSubmit} noValidate>
        <CardContent className="space-y-4">
          <FormAlert>{formError}</FormAlert>
          <FormField id="username" label="Username" error={errors.fields.username}>
            <Input
              id="username"
              autoComplete="username"
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              aria-invalid={Boolean(errors.fields.username)}
              required
            />
          </FormField>
          {!signingIn && (
            <FormField id="name" label="Display name (optional)" error={errors.fields.name}>
              <Input id="name" autoComplete="nickname" value={name} onChange={(event) => setName(event.target.value)} />
            </FormField>
          )}
          <FormField
            id="password"
            label="Password"
            error={errors.fields.password}
            hint={signingIn ? undefined : "At least 10 characters. A few unrelated words make a strong one."}
          >
            <Input
              id="password"
              type="password"
              autoComplete={signingIn ? "current-password" : "new-password"}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={Boolean(errors.fields.password)}
              required
            />
          </FormField>
        </CardContent>
        <CardFooter className="mt-6 flex-col items-stretch gap-3">
          <Button type="submit" disabled={mutation.isPending}>
            {mutation.isPending ? "Please wait…" : signingIn ? "Sign in" : "Create account"}
          </Button>
          {/* A provider sign-in from an invite link takes the invite along, in a cookie the callback reads. */}
          <OAuthButtons returnTo={next} beforeSignIn={invite ? () => holdInvite.mutateAsync({ invite }) : undefined} />
          <p className="text-center text-sm text-muted-foreground">
            {signingIn ? "New here? " : "Already have an account? "}
            <Link className="text-primary underline-offset-4 hover:underline" href={signingIn ? "/sign-up" : "/sign-in"}>
              {signingIn ? "Create an account" : "Sign in"}
            </Link>
          </p>
        </CardFooter>
      </form>
    </Card>
  );
}
