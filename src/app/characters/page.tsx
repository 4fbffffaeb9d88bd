import type { Metadata } from "next";
import { Plus } from "lucide-react";
import Link from "next/link";
import { CharacterLibrary } from "@/components/characters/character-library";
import { Button } from "@/components/ui/button";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "Characters" };

export default async function CharactersPage() {
  await requireViewer("/characters");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">Characters</h1>
        <div className="flex flex-wrap gap-2">
          <Button asChild variant="outline">
            <Link href="/characters/personas">Personas</Link>
          </Button>
          <Button asChild>
            <Link href="/characters/new">
              <Plus /> New character
            </Link>
          </Button>
        </div>
      </div>
      <CharacterLibrary />
    </div>
  );
}
