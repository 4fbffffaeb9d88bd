import type { Metadata } from "next";
import { CharacterEditor } from "@/components/characters/character-editor";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "Edit character" };

export default async function EditCharacterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireViewer(`/characters/${id}/edit`);
  return <CharacterEditor id={id} />;
}
