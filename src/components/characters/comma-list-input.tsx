"use client";

import { useState, type ComponentProps } from "react";
import { Input } from "@/components/ui/input";

export const splitCommaList = (text: string) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((item, index) => item === b[index]);

/**
 * A list typed as comma-separated text (tags, lorebook keys). The text stays as typed, commas and spaces
 * included, while the list it means is reported on every keystroke; it is tidied to "a, b" when the field
 * is left. Rebuilding the text from the list while typing would eat each comma and space as it is typed.
 */
export function CommaListInput({ values, onChange, ...props }: { values: string[]; onChange: (values: string[]) => void } & Omit<ComponentProps<"input">, "value" | "onChange">) {
  const [text, setText] = useState(() => values.join(", "));
  // A list changed from outside (a reload, an import) replaces the text; the person's own typing does not.
  const shown = sameList(splitCommaList(text), values) ? text : values.join(", ");
  return (
    <Input
      {...props}
      value={shown}
      onChange={(event) => {
        setText(event.target.value);
        onChange(splitCommaList(event.target.value));
      }}
      onBlur={(event) => {
        setText(values.join(", "));
        props.onBlur?.(event);
      }}
    />
  );
}
