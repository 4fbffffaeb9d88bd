"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/** How far the end of the messages may hide behind the composer and still count as "at the newest". */
const AT_NEWEST_SLACK_PX = 48;

const scrollToEnd = () => window.scrollTo({ top: document.documentElement.scrollHeight, behavior: "instant" });

/**
 * Keeps the newest message in view while the reader is at it: the chat opens there, and a growing reply is
 * followed. Once the reader scrolls up they are left alone (`away`) until they jump back, send, or scroll down
 * to the end again. The page itself scrolls; the composer sticks to the bottom of the window over the messages.
 */
export function useFollowNewest() {
  const list = useRef<HTMLElement | null>(null);
  const composer = useRef<HTMLDivElement | null>(null);
  const following = useRef(true);
  const [away, setAway] = useState(false);

  const jumpToNewest = useCallback(() => {
    following.current = true;
    setAway(false);
    scrollToEnd();
  }, []);

  useEffect(() => {
    let lastY = window.scrollY;
    let touchY = 0;
    const leave = () => {
      if (window.scrollY <= 0) return;
      following.current = false;
      setAway(true);
    };
    const onScroll = () => {
      if (!list.current || !composer.current) return;
      const y = window.scrollY;
      const newestVisible = list.current.getBoundingClientRect().bottom - composer.current.getBoundingClientRect().top <= AT_NEWEST_SLACK_PX;
      // Moving up a little near the end is left as the reader's intent (wheel, touch, keys) decided.
      if (!newestVisible) following.current = false;
      else if (y > lastY) following.current = true;
      lastY = y;
      setAway(!following.current);
    };
    // The intent to read back counts at once: a reply growing in the same frame must not pull the reader down.
    const onWheel = (event: WheelEvent) => {
      if (event.deltaY < 0) leave();
    };
    const onTouchStart = (event: TouchEvent) => (touchY = event.touches[0]?.clientY ?? 0);
    const onTouchMove = (event: TouchEvent) => {
      if ((event.touches[0]?.clientY ?? 0) > touchY + 8) leave();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "PageUp" || (event.key === "Home" && !(event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement))) leave();
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("wheel", onWheel, { passive: true });
    window.addEventListener("touchstart", onTouchStart, { passive: true });
    window.addEventListener("touchmove", onTouchMove, { passive: true });
    window.addEventListener("keydown", onKeyDown);
    return () => {
      window.removeEventListener("scroll", onScroll);
      window.removeEventListener("wheel", onWheel);
      window.removeEventListener("touchstart", onTouchStart);
      window.removeEventListener("touchmove", onTouchMove);
      window.removeEventListener("keydown", onKeyDown);
    };
  }, []);

  /** For the messages list: whenever it grows (first render, a streaming reply) while the reader follows, scroll. */
  const listRef = useCallback((element: HTMLElement | null) => {
    list.current = element;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      if (following.current) scrollToEnd();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return { listRef, composerRef: composer, away, jumpToNewest };
}
