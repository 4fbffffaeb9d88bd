import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChatView } from "@/components/chat/chat-view";
import { requireViewer } from "@/trpc/require-viewer";

export const metadata: Metadata = { title: "Chat" };

export default async function ChatPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireViewer(`/chats/${id}`);
  if (!/^cht_[\w-]{1,64}$/.test(id)) notFound();
  return <ChatView chatId={id} />;
}
