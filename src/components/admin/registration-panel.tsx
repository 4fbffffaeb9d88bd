"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { REGISTRATION_MODE_DESCRIPTIONS, REGISTRATION_MODES, type TRegistrationMode } from "@/lib/operators/registration-mode";
import { useTRPC } from "@/trpc/react";

const MODE_NAMES: Record<TRegistrationMode, string> = { open: "Open", invite: "Invite only", closed: "Closed" };

export function RegistrationPanel() {
  const trpc = useTRPC();
  const registration = useQuery(trpc.admin.registration.queryOptions());
  if (registration.isPending) return null;
  if (registration.isError) return <p className="text-destructive">Could not load the registration setting: {registration.error.message}</p>;
  return <RegistrationForm current={registration.data.mode} fixedByConfiguration={registration.data.fixedByConfiguration} />;
}

function RegistrationForm({ current, fixedByConfiguration }: { current: TRegistrationMode; fixedByConfiguration: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState(current);
  const save = useMutation(
    trpc.admin.setRegistrationMode.mutationOptions({
      onSuccess: () => toast.success("Registration saved"),
      onError: (error) => toast.error(error.message),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.admin.registration.queryKey() }),
    }),
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle>Registration</CardTitle>
        <CardDescription>
          {fixedByConfiguration
            ? `Fixed by the server's configuration (REGISTRATION_MODE=${current}); change it there.`
            : "Who may create an account. People who already have one can always sign in and link providers."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <fieldset className="space-y-2" disabled={fixedByConfiguration} aria-label="Registration">
          {REGISTRATION_MODES.map((option) => (
            <label key={option} className="flex items-start gap-3 rounded-md border p-3 text-sm has-[:checked]:border-primary">
              <input type="radio" name="registration-mode" value={option} checked={mode === option} onChange={() => setMode(option)} className="mt-0.5" />
              <span>
                <span className="font-medium">{MODE_NAMES[option]}</span>
                <span className="block text-muted-foreground">{REGISTRATION_MODE_DESCRIPTIONS[option]}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {!fixedByConfiguration && (
          <Button className="mt-4" disabled={save.isPending || mode === current} onClick={() => save.mutate({ mode })}>
            Save registration
          </Button>
        )}
      </CardContent>
    </Card>
  );
}
