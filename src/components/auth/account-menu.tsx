"use client";

import { useMutation } from "@tanstack/react-query";
import { KeyRound, LogOut, MonitorSmartphone, ShieldCheck, UserRound } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { DropdownMenu } from "radix-ui";
import { Button } from "@/components/ui/button";
import { ownImageOrNull } from "@/lib/own-image";
import { useTRPC } from "@/trpc/react";

export type TAccountMenuUser = { name: string | null; username: string | null; image: string | null; isAdmin: boolean };

const itemClass =
  "flex cursor-default select-none items-center gap-2 rounded-sm px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-accent data-[highlighted]:text-accent-foreground [&_svg]:size-4";

export function AccountMenu({ user }: { user: TAccountMenuUser }) {
  const trpc = useTRPC();
  const router = useRouter();
  const signOut = useMutation(trpc.auth.signOut.mutationOptions());
  const displayName = user.name ?? user.username ?? "Account";
  const image = ownImageOrNull(user.image);
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <Button variant="outline" size="sm" aria-label={`Account menu for ${displayName}`}>
          {image ? (
            // eslint-disable-next-line @next/next/no-img-element -- our own 256 px WebP
            <img src={image} alt="" className="size-5 rounded-full object-cover" />
          ) : (
            <span aria-hidden className="grid size-5 place-items-center rounded-full bg-primary text-[10px] text-primary-foreground">
              {displayName.slice(0, 1).toUpperCase()}
            </span>
          )}
          <span className="max-w-28 truncate">{displayName}</span>
        </Button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={6} className="z-50 min-w-48 rounded-md border bg-popover p-1 text-popover-foreground shadow-md">
          <DropdownMenu.Label className="px-2 py-1.5 text-xs text-muted-foreground">
            Signed in as {user.username ? `@${user.username}` : displayName}
          </DropdownMenu.Label>
          <DropdownMenu.Separator className="-mx-1 my-1 h-px bg-border" />
          <DropdownMenu.Item asChild className={itemClass}>
            <Link href="/settings/profile">
              <UserRound /> Profile
            </Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item asChild className={itemClass}>
            <Link href="/settings/devices">
              <MonitorSmartphone /> Devices
            </Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item asChild className={itemClass}>
            <Link href="/settings/sign-in-methods">
              <KeyRound /> Sign-in methods
            </Link>
          </DropdownMenu.Item>
          {user.isAdmin && (
            <DropdownMenu.Item asChild className={itemClass}>
              <Link href="/admin">
                <ShieldCheck /> Administration
              </Link>
            </DropdownMenu.Item>
          )}
          <DropdownMenu.Item
            className={itemClass}
            onSelect={() =>
              signOut.mutate(undefined, {
                onSettled: () => {
                  router.replace("/");
                  router.refresh();
                },
              })
            }
          >
            <LogOut /> Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
