/**
 * A response body passed through piece by piece as it arrives (nothing is held back, so a stream of tokens
 * stays a stream), counting bytes: past the cap it fails with the guard's error instead of filling memory.
 */
import { OutboundFetchError } from "./outbound-errors";

export function cappedBody(source: ReadableStream<Uint8Array>, maxBytes: number, onFinish: () => void): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let received = 0;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    onFinish();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            finish();
            controller.close();
            return;
          }
          received += value.byteLength;
          if (received > maxBytes) {
            const error = new OutboundFetchError("too_large");
            finish();
            controller.error(error);
            await reader.cancel(error).catch(() => undefined);
            return;
          }
          controller.enqueue(value);
        } catch (error) {
          finish();
          controller.error(error);
        }
      },
      async cancel(reason) {
        finish();
        await reader.cancel(reason);
      },
    },
    // Pull only when the reader asks: no read-ahead, so each piece reaches the caller the moment it arrives.
    { highWaterMark: 0 },
  );
}
