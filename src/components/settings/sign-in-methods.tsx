"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Link2 } from "lucide-react";
import { signIn } from "next-auth/react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { useTRPC } from "@/trpc/react";

export function SignInMethods() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const providers = useQuery(trpc.auth.providers.queryOptions());
  const methods = useQuery(trpc.account.signInMethods.queryOptions());
  const unlink = useMutation(
    trpc.account.unlinkProvider.mutationOptions({
      onSuccess: () => toast.success("Account unlinked"),
      onError: (error) => toast.error(error.message),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.account.signInMethods.queryKey() }),
    }),
  );

  if (providers.isPending || methods.isPending) return <p className="text-muted-foreground">Loading…</p>;
  if (methods.isError) return <p className="text-destructive">Could not load sign-in methods: {methods.error.message}</p>;
  const linked = new Set(methods.data.linkedProviders);

  return (
    <Card className="py-2">
      <CardContent className="px-0">
        <ul aria-label="Sign-in methods" className="divide-y">
          <li className="flex items-center gap-3 px-5 py-3">
            <KeyRound className="size-5 text-muted-foreground" aria-hidden />
            <span className="flex-1 font-medium">Username and password</span>
            <Badge variant={methods.data.hasPassword ? "success" : "secondary"}>
              {methods.data.hasPassword ? "Set" : "Not set"}
            </Badge>
          </li>
          {(providers.data ?? []).map((provider) => (
            <li key={provider.id} className="flex items-center gap-3 px-5 py-3">
              <Link2 className="size-5 text-muted-foreground" aria-hidden />
              <span className="flex-1 font-medium">{provider.name}</span>
              {linked.has(provider.id) ? (
                <Button
                  variant="outline"
                  size="sm"
                  disabled={unlink.isPending}
                  onClick={() => unlink.mutate({ provider: provider.id })}
                  aria-label={`Unlink ${provider.name}`}
                >
                  Unlink
                </Button>
              ) : (
                <Button
                  size="sm"
                  onClick={() => void signIn(provider.id, { redirectTo: "/settings/sign-in-methods" })}
                  aria-label={`Link ${provider.name}`}
                >
                  Link
                </Button>
              )}
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
