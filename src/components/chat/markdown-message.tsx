"use client";

import { createContext, memo, useContext, type ComponentProps } from "react";
import ReactMarkdown, { defaultUrlTransform, type ExtraProps } from "react-markdown";
import remarkGfm from "remark-gfm";
import { cn } from "@/lib/utils";

/**
 * Markdown as the model wrote it, safely: react-markdown builds React elements and never injects HTML (raw
 * HTML in the text is shown as text), and links are limited to safe schemes by its URL transform.
 */
/**
 * `onAccent`: drawn on the accent colour (the user's own bubble) rather than the page's. Memoized: parsing is the
 * costly part of a message, and a chat re-renders on every streamed delta while only the growing reply changed.
 */
export const MarkdownMessage = memo(function MarkdownMessage({ text, onAccent = false }: { text: string; onAccent?: boolean }) {
  return (
    <div
      className={cn(
        "prose-chat space-y-2 break-words [&_a]:underline [&_blockquote]:border-l-2 [&_blockquote]:pl-3 [&_code]:rounded [&_code]:px-1 [&_ol]:list-decimal [&_ol]:pl-5 [&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:p-3 [&_table]:text-sm [&_td]:border [&_td]:px-2 [&_th]:border [&_th]:px-2 [&_ul]:list-disc [&_ul]:pl-5",
        // The user's own bubble is the accent colour: muted greys would vanish on it, so everything stays in its
        // foreground colour (actions slightly softened), over a tint of that colour for code.
        onAccent
          ? "[&_blockquote]:border-primary-foreground/60 [&_code]:bg-primary-foreground/15 [&_em]:text-primary-foreground/90 [&_pre]:bg-primary-foreground/15"
          : "[&_code]:bg-muted [&_em]:text-muted-foreground [&_pre]:bg-muted",
      )}
    >
      <ReactMarkdown remarkPlugins={REMARK_PLUGINS} skipHtml urlTransform={defaultUrlTransform} components={COMPONENTS}>
        {text}
      </ReactMarkdown>
    </div>
  );
});

const InsideLink = createContext(false);

function MarkdownLink({ node: _node, ...props }: ComponentProps<"a"> & ExtraProps) {
  return (
    <InsideLink value>
      <a {...props} target="_blank" rel="noopener noreferrer nofollow" />
    </InsideLink>
  );
}

/**
 * An image is never loaded: whoever wrote the card, the greeting or a room message would learn from their server
 * who read it, when and from where (a tracking pixel). It is shown as a link with its description instead, which
 * the reader may open in a new tab; inside a link (a linked badge) it is only the description, since links do not
 * nest. The page's Content-Security-Policy (img-src without remote hosts) is the second line of defence.
 */
function MarkdownImage({ src, alt }: ComponentProps<"img"> & ExtraProps) {
  const insideLink = useContext(InsideLink);
  const label = `[image${alt ? `: ${alt}` : ""}]`;
  if (insideLink || typeof src !== "string" || src === "") return <span>{label}</span>;
  return (
    <a href={src} target="_blank" rel="noopener noreferrer nofollow" title="Pictures are not loaded in messages: open it in a new tab">
      {label}
    </a>
  );
}

const REMARK_PLUGINS = [remarkGfm];
const COMPONENTS = { a: MarkdownLink, img: MarkdownImage };
