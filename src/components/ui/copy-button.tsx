"use client";

import { Copy } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";

/** Copies `text` to the clipboard and says whether it worked (the browser may refuse). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  return (
    <Button
      variant="outline"
      size="icon"
      aria-label={label}
      onClick={() =>
        void navigator.clipboard.writeText(text).then(
          () => toast.success("Link copied."),
          () => toast.error("Copying was refused; select the link and copy it."),
        )
      }
    >
      <Copy />
    </Button>
  );
}
