import Link from "next/link";
import type { ReactNode } from "react";
import { MainNav } from "./main-nav";
import { ThemeToggle } from "./theme-toggle";

/** `account` is the slot for the signed-in menu or the sign-in button. */
export function SiteHeader({ account }: { account?: ReactNode }) {
  return (
    <header className="sticky top-0 z-40 border-b bg-background/90 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-4 px-4">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="grid size-7 place-items-center rounded-md bg-primary text-primary-foreground">
            C
          </span>
          Coterie
        </Link>
        <MainNav className="hidden md:flex" />
        <div className="ml-auto flex items-center gap-2">
          <ThemeToggle />
          {account}
        </div>
      </div>
      {/* Small screens: the same links in a scrollable row, so every section stays one tap away. */}
      <MainNav className="overflow-x-auto border-t px-2 py-1 md:hidden" />
    </header>
  );
}
