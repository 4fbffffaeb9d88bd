"use client";

import { useQuery } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/trpc/react";

/** What Auth.js's error codes mean for the person looking at the sign-in page. */
export const OAUTH_ERROR_MESSAGES: Record<string, string> = {
  OAuthAccountNotLinked:
    "That account's e-mail belongs to an existing Coterie account. Sign in to it first, then link this provider in settings.",
  AccessDenied: "Sign-in was cancelled or refused.",
  Configuration: "This sign-in provider is not set up correctly on the server.",
};

export function oauthErrorMessage(code: string | null): string | null {
  if (!code) return null;
  return OAUTH_ERROR_MESSAGES[code] ?? "Signing in with that provider did not work. Please try again.";
}

/** One button per configured provider; `returnTo` is where the browser lands afterwards. */
export function OAuthButtons({ returnTo, verb = "Continue with" }: { returnTo: string; verb?: string }) {
  const trpc = useTRPC();
  const providers = useQuery(trpc.auth.providers.queryOptions());
  if (!providers.data?.length) return null;
  return (
    <div className="flex flex-col gap-2">
      {providers.data.map((provider) => (
        <Button key={provider.id} variant="outline" type="button" onClick={() => void signIn(provider.id, { redirectTo: returnTo })}>
          {verb} {provider.name}
        </Button>
      ))}
    </div>
  );
}
