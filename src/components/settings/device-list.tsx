"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Monitor } from "lucide-react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { useTRPC } from "@/trpc/react";
import { countOf } from "@/lib/format/plural";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function DeviceList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const devices = useQuery(trpc.account.devices.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.account.devices.queryKey() });
  const revoke = useMutation(
    trpc.account.revokeDevice.mutationOptions({
      onSuccess: () => toast.success("Device signed out"),
      onError: (error) => toast.error(error.message),
      onSettled: refresh,
    }),
  );
  const revokeOthers = useMutation(
    trpc.account.revokeOtherDevices.mutationOptions({
      onSuccess: ({ revoked }) => toast.success(`${countOf(revoked, "device")} signed out`),
      onError: (error) => toast.error(error.message),
      onSettled: refresh,
    }),
  );

  if (devices.isPending) return <p className="text-muted-foreground">Loading devices…</p>;
  if (devices.isError) return <p className="text-destructive">Could not load devices: {devices.error.message}</p>;
  const others = devices.data.filter((device) => !device.current);

  return (
    <div className="space-y-4">
      <Card className="py-2">
        <CardContent className="px-0">
          <ul aria-label="Signed-in devices" className="divide-y">
            {devices.data.map((device) => (
              <li key={device.id} className="flex flex-wrap items-center gap-3 px-5 py-3">
                <Monitor className="size-5 text-muted-foreground" aria-hidden />
                <div className="min-w-0 flex-1">
                  <p className="flex items-center gap-2 font-medium">
                    {device.label}
                    {device.current && <Badge variant="success">This device</Badge>}
                  </p>
                  <p className="text-sm text-muted-foreground">
                    First seen {dateTime.format(device.createdAt)} · last seen {dateTime.format(device.lastSeenAt)}
                    {device.address ? (
                      <>
                        {" "}
                        · from <span data-testid="device-address" className="font-mono text-xs">{device.address}</span>
                      </>
                    ) : null}
                  </p>
                </div>
                {!device.current && (
                  <Button
                    variant="outline"
                    size="sm"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate({ id: device.id })}
                    aria-label={`Sign out ${device.label}`}
                  >
                    Sign out
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
      {others.length > 0 && (
        <Button variant="destructive" disabled={revokeOthers.isPending} onClick={() => revokeOthers.mutate()}>
          Sign out everywhere else
        </Button>
      )}
    </div>
  );
}
