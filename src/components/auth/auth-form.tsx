"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useTRPC } from "@/trpc/react";
import { OAuthButtons, oauthErrorMessage } from "./oauth-buttons";

type TMode = "sign-in" | "sign-up";

/** Field-level messages from the server's zod issues, and one message for everything else. */
function describeError(error: unknown): { form: string | null; fields: Record<string, string> } {
  if (!(error instanceof TRPCClientError)) return { form: "Something went wrong. Please try again.", fields: {} };
  const data = (error as TRPCClientError<never>).data as { zodIssues?: { path: PropertyKey[]; message: string }[] } | undefined;
  const issues = data?.zodIssues ?? [];
  if (issues.length === 0) return { form: error.message, fields: {} };
  return { form: null, fields: Object.fromEntries(issues.map((issue) => [String(issue.path[0]), issue.message])) };
}

/** Only same-site paths: `next` comes from the URL and must not send people elsewhere. */
function safeNextPath(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function AuthForm({ mode }: { mode: TMode }) {
  const trpc = useTRPC();
  const router = useRouter();
  const searchParams = useSearchParams();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const signIn = useMutation(trpc.auth.signIn.mutationOptions());
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const mutation = mode === "sign-in" ? signIn : signUp;
  const errors = mutation.error
    ? describeError(mutation.error)
    : { form: oauthErrorMessage(searchParams.get("error")), fields: {} as Record<string, string> };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    try {
      if (mode === "sign-in") await signIn.mutateAsync({ username, password });
      else await signUp.mutateAsync({ username, password, name: name.trim() || undefined });
    } catch {
      return; // shown from mutation.error
    }
    router.replace(safeNextPath(searchParams.get("next")));
    router.refresh();
  }

  const signingIn = mode === "sign-in";
  return (
    <Card className="mx-auto w-full max-w-sm">
      <CardHeader>
        <CardTitle className="text-xl">{signingIn ? "Sign in" : "Create your account"}</CardTitle>
        <CardDescription>
          {signingIn ? "Welcome back." : "An account keeps your characters, chats, links and rooms."}
        </CardDescription>
      </CardHeader>
      <form onSubmit={onSubmit} noValidate>
        <CardContent className="space-y-4">
          {errors.form && (
            <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">
              {errors.form}
            </p>
          )}
          <Field id="username" label="Username" error={errors.fields.username}>
            <Input
              id="username"
              autoComplete="username"
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              aria-invalid={Boolean(errors.fields.username)}
              required
            />
          </Field>
          {!signingIn && (
            <Field id="name" label="Display name (optional)" error={errors.fields.name}>
              <Input id="name" autoComplete="nickname" value={name} onChange={(event) => setName(event.target.value)} />
            </Field>
          )}
          <Field
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
          </Field>
        </CardContent>
        <CardFooter className="mt-6 flex-col items-stretch gap-3">
          <Button type="submit" disabled={mutation.isPending}>
            {mutation.isPending ? "Please wait…" : signingIn ? "Sign in" : "Create account"}
          </Button>
          <OAuthButtons returnTo={safeNextPath(searchParams.get("next"))} />
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

function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: string; children: React.ReactNode }) {
  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {error ? (
        <p className="text-sm text-destructive" id={`${id}-error`}>
          {error}
        </p>
      ) : (
        hint && <p className="text-xs text-muted-foreground">{hint}</p>
      )}
    </div>
  );
}
