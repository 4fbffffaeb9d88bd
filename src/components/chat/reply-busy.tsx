"use client";

import { createContext, use, type ComponentProps } from "react";
import { Button } from "@/components/ui/button";

/**
 * Whether a reply is being written, for the message controls that wait for it (edit, fork, delete, translate,
 * swipe). A context rather than a prop of every message: a reply starting then re-renders those buttons only,
 * not each of a long chat's messages, on the way to its first words.
 */
export const ReplyBusyContext = createContext(false);

/** A button that is disabled while a reply is being written (and whenever `disabled` says so). */
export function IdleOnlyButton({ disabled, ...props }: ComponentProps<typeof Button>) {
  const busy = use(ReplyBusyContext);
  return <Button {...props} disabled={busy || disabled} />;
}
