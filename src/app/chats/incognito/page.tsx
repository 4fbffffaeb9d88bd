import type { Metadata } from "next";
import { IncognitoChat } from "@/components/chat/incognito-chat";
import { ID_PREFIXES, isIdOf } from "@/lib/ids";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "Incognito chat" };

export default async function IncognitoChatPage({ searchParams }: { searchParams: Promise<{ character?: string; persona?: string; greeting?: string }> }) {
  await requireViewer("/chats");
  const { character, persona, greeting } = await searchParams;
  if (!isIdOf(ID_PREFIXES.character, character)) return <p className="text-destructive">Choose a character to chat with from the Chats page.</p>;
  return <IncognitoChat characterId={character} personaId={isIdOf(ID_PREFIXES.persona, persona) ? persona : null} greetingIndex={Math.max(0, Number(greeting) || 0)} />;
}
