import type { Metadata } from "next";
import { CharacterSheet } from "@/components/characters/character-sheet";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "Character" };

export default async function CharacterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireViewer(`/characters/${id}`);
  return <CharacterSheet id={id} />;
}
