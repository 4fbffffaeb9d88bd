import { Bot } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";

export const metadata: Metadata = { title: "Characters" };

export default function CharactersPage() {
  return (
    <ComingSoon
      title="Characters"
      icon={Bot}
      intro="Your character library is being built."
      points={[
        "Import Character Card V2/V3 JSON, PNG cards and CharX archives",
        "Edit every field, with lorebooks, assets and personas",
        "Export back to every format",
      ]}
    />
  );
}
