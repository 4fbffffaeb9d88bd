import { MessagesSquare } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";

export const metadata: Metadata = { title: "Chats" };

export default function ChatsPage() {
  return (
    <ComingSoon
      title="Chats"
      icon={MessagesSquare}
      intro="Chatting with your characters is being built."
      points={[
        "Any provider: OpenAI, Anthropic, Gemini, OpenRouter, xAI or your own OpenAI-compatible server",
        "Streamed replies, swipes, edits, forks and translation",
        "Memory that recalls what mattered, and usage with costs",
      ]}
    />
  );
}
