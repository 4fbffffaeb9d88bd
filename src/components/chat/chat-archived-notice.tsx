import { ArchiveRestore } from "lucide-react";
import { Button } from "@/components/ui/button";

/** Says why an archived chat cannot be written in, with the way back. */
export function ChatArchivedNotice({ onRestore }: { onRestore: () => void }) {
  return (
    <div role="status" className="flex flex-wrap items-center gap-3 rounded-lg border bg-muted/50 p-3 text-sm">
      <p className="min-w-0 flex-1">This chat is archived. It is read-only until you restore it.</p>
      <Button size="sm" variant="outline" onClick={onRestore}>
        <ArchiveRestore />
        Restore
      </Button>
    </div>
  );
}
