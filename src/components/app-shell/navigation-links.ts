import { Bot, MessagesSquare, Send, Users, type LucideIcon } from "lucide-react";

export type TNavigationLink = { href: string; label: string; icon: LucideIcon; description: string };

export const NAVIGATION_LINKS: TNavigationLink[] = [
  {
    href: "/characters",
    label: "Characters",
    icon: Bot,
    description: "Your library of AI characters: import cards, edit them, give them lorebooks.",
  },
  {
    href: "/chats",
    label: "Chats",
    icon: MessagesSquare,
    description: "Talk with your characters through the model of your choice, with memory that recalls.",
  },
  {
    href: "/share",
    label: "Share",
    icon: Send,
    description: "Send files browser to browser through a short link, with no upload anywhere.",
  },
  {
    href: "/rooms",
    label: "Rooms",
    icon: Users,
    description: "Meet up to eight friends, each bringing a character that answers on its own.",
  },
];
