"use client";

import { useCallback, useLayoutEffect, useRef } from "react";

/** How far from the end still counts as reading the latest message. */
const PINNED_SLACK_PX = 48;

/**
 * Keeps a scrolling list at its newest item while the reader is there, as chat rooms do; a reader who has
 * scrolled up to earlier messages stays where they are. `content` changes whenever the list grows.
 */
export function useStickToBottom<TElement extends HTMLElement>(content: unknown) {
  const ref = useRef<TElement>(null);
  const pinned = useRef(true);
  const onScroll = useCallback(() => {
    const element = ref.current;
    if (element) pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight <= PINNED_SLACK_PX;
  }, []);
  useLayoutEffect(() => {
    const element = ref.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [content]);
  return { ref, onScroll };
}
