import type { Metadata } from "next";
import Link from "next/link";
import { ID_PREFIXES, isIdOf } from "@/lib/ids";
import { ChatList } from "@/components/chat/chat-list";
import { NewChatForm } from "@/components/chat/new-chat-form";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "Chats" };

export default async function ChatsPage({ searchParams }: { searchParams: Promise<{ character?: string }> }) {
  await requireViewer("/chats");
  const { character } = await searchParams;
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <section className="space-y-3">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">Chats</h1>
          <p className="text-sm text-muted-foreground">
            Replies come from the models you set up in{" "}
            <Link href="/settings/models" className="underline">
              Settings → Models
            </Link>
            .
          </p>
        </div>
        <NewChatForm initialCharacterId={typeof character === "string" && isIdOf(ID_PREFIXES.character, character) ? character : undefined} />
      </section>
      <section className="space-y-3">
        <h2 className="text-xl font-semibold tracking-tight">Your chats</h2>
        <ChatList />
      </section>
    </div>
  );
}
