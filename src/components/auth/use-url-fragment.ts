"use client";

import { useSyncExternalStore } from "react";
import { fragmentParam } from "@/lib/auth/one-time-links";

function subscribe(onChange: () => void) {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

/**
 * A parameter of the page's `#fragment` (where one-time links carry their token). `undefined` until the browser
 * has been asked (the server never sees the fragment), then the value or null.
 */
export function useFragmentParam(name: string): string | null | undefined {
  const hash = useSyncExternalStore(
    subscribe,
    () => window.location.hash,
    () => undefined,
  );
  return hash === undefined ? undefined : fragmentParam(hash, name);
}
