"use client";

import { useQuery } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/trpc/react";

/**
 * One button per configured provider; `returnTo` is where the browser lands afterwards. `beforeSignIn` runs
 * first (holding an invite for the callback, say); if it fails, the sign-in does not start and the caller shows why.
 */
export function OAuthButtons({ returnTo, verb = "Continue with", beforeSignIn }: { returnTo: string; verb?: string; beforeSignIn?: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const providers = useQuery(trpc.auth.providers.queryOptions());
  if (!providers.data?.length) return null;

  async function start(providerId: string) {
    try {
      await beforeSignIn?.();
    } catch {
      return;
    }
    await signIn(providerId, { redirectTo: returnTo });
  }

  return (
    <div className="flex flex-col gap-2">
      {providers.data.map((provider) => (
        <Button key={provider.id} variant="outline" type="button" onClick={() => void start(provider.id)}>
          {verb} {provider.name}
        </Button>
      ))}
    </div>
  );
}
