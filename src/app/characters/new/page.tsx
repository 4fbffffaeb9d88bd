import type { Metadata } from "next";
import { NewCharacterEditor } from "@/components/characters/character-editor";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "New character" };

export default async function NewCharacterPage() {
  await requireViewer("/characters/new");
  return <NewCharacterEditor />;
}
