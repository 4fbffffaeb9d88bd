"use client";

import { z } from "zod";

// Zod compiles object parsers with `new Function` where it may, and finds out by trying Function(""): under the
// page's Content-Security-Policy (no 'unsafe-eval') that try is refused and reported as a violation on every
// page that parses. In the browser it parses without compiling; the server, which has no policy, keeps compiling.
if (typeof window !== "undefined") z.config({ jitless: true });

/** Rendered by the root layout, so this module runs in every page's bundle before anything is parsed. */
export function CspCompatibleZod() {
  return null;
}
