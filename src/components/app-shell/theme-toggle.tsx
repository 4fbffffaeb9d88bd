"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { useTheme } from "next-themes";
import { useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";

const NEXT_THEME = { system: "light", light: "dark", dark: "system" } as const;
const THEME_LABEL = { system: "System theme", light: "Light theme", dark: "Dark theme" } as const;

type TThemeChoice = keyof typeof NEXT_THEME;

function isThemeChoice(value: string | undefined): value is TThemeChoice {
  return value === "system" || value === "light" || value === "dark";
}

const subscribeNever = () => () => undefined;

/** Cycles system → light → dark. Renders a neutral icon until hydrated, since the server cannot know the theme. */
export function ThemeToggle() {
  const { theme, setTheme } = useTheme();
  const hydrated = useSyncExternalStore(subscribeNever, () => true, () => false);
  const current: TThemeChoice = hydrated && isThemeChoice(theme) ? theme : "system";
  const Icon = current === "light" ? Sun : current === "dark" ? Moon : Monitor;
  return (
    <Button
      variant="ghost"
      size="icon"
      aria-label={`${THEME_LABEL[current]} (click to change)`}
      data-theme-choice={current}
      onClick={() => setTheme(NEXT_THEME[current])}
    >
      <Icon />
    </Button>
  );
}
