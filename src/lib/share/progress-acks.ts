/**
 * When the downloader acknowledges received bytes. Both pages draw progress from acknowledgements (the uploader
 * has nothing else to go on), so they come at least every ACK_EVERY_BYTES, or ACK_EVERY_MS after the last one if
 * anything new arrived meanwhile: a bar that moves smoothly, not in 16 MiB storage batches. Pure, with `now`
 * passed in, so the pacing is tested without a browser.
 */
export const ACK_EVERY_BYTES = 1024 * 1024;
export const ACK_EVERY_MS = 250;

/** The last acknowledgement of one file: how many bytes it reported, and when. */
export type TLastAck = { bytes: number; at: number };

/** Whether `received` bytes of the file should be acknowledged now. */
export function ackDue(last: TLastAck, received: number, now: number): boolean {
  if (received <= last.bytes) return false;
  return received - last.bytes >= ACK_EVERY_BYTES || now - last.at >= ACK_EVERY_MS;
}
