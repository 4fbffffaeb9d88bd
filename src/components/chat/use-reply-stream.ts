"use client";

import { useCallback, useRef, useState } from "react";
import { toast } from "sonner";
import { isAbort, readReplyStream } from "@/lib/chat/read-reply-stream";
import type { TChatStreamEvent } from "@/lib/chat/stream-events";
import { CHAT_REPLY_URL, type TChatReplyBody } from "@/lib/replies/reply-requests";

export type TStreamingReply = { sequence: number | null; content: string; reasoning: string };

/**
 * Runs one reply stream at a time and exposes what is arriving. `run` resolves to true once the server has
 * accepted the request (so the composer may forget its draft), false if it never started.
 */
export type TReplyOutcome = { stopped: boolean; partial: TStreamingReply | null };

export function useReplyStream(onFinished: (outcome: TReplyOutcome) => Promise<unknown>) {
  const [streaming, setStreaming] = useState<TStreamingReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  /** The same text as `streaming`, readable when the stream ends (state would be stale in that closure). */
  const latest = useRef<TStreamingReply | null>(null);

  const run = useCallback(
    (body: TChatReplyBody, onEvent?: (event: TChatStreamEvent) => void): Promise<boolean> => {
      const abort = new AbortController();
      controller.current = abort;
      setError(null);
      latest.current = null;
      setStreaming({ sequence: null, content: "", reasoning: "" });
      let accepted = false;
      return new Promise<boolean>((resolve) => {
        readReplyStream({ url: CHAT_REPLY_URL, body }, abort.signal, (event) => {
          if (!accepted) {
            accepted = true;
            resolve(true);
          }
          onEvent?.(event);
          const current = latest.current ?? { sequence: null, content: "", reasoning: "" };
          if (event.type === "start") latest.current = { sequence: event.sequence, content: "", reasoning: "" };
          else if (event.type === "text") latest.current = { ...current, content: current.content + event.text };
          else if (event.type === "reasoning") latest.current = { ...current, reasoning: current.reasoning + event.text };
          else if (event.type === "error") setError(event.error);
          setStreaming(latest.current);
        })
          .catch((failure: unknown) => {
            if (isAbort(failure)) return;
            const message = failure instanceof Error ? failure.message : "The reply failed.";
            if (accepted) setError(message);
            else toast.error(message);
          })
          .finally(async () => {
            controller.current = null;
            resolve(accepted);
            // After a Stop the server saves the partial reply a moment later; look again then. The streamed
            // text stays on screen until the saved messages have arrived, so nothing flickers away.
            const stopped = abort.signal.aborted;
            if (stopped) await new Promise((wait) => setTimeout(wait, 600));
            await onFinished({ stopped, partial: latest.current });
            setStreaming(null);
          });
      });
    },
    [onFinished],
  );

  const stop = useCallback(() => controller.current?.abort(), []);
  return { streaming, error, busy: streaming !== null, run, stop };
}
