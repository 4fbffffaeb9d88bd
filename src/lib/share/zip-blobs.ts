/**
 * Browser-only: a zip of received files, built as it is read (stored, not compressed: shared files are mostly
 * compressed already, and storing keeps it fast). Input is read a megabyte at a time and each output piece is
 * handed to a Blob at once, so the tab never holds the archive in its heap.
 */
import { Zip, ZipPassThrough } from "fflate";

const READ_BYTES = 1024 * 1024;

export async function zipBlobs(entries: { path: string; blob: Blob }[]): Promise<Blob> {
  const parts: Blob[] = [];
  const failures: Error[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) failures.push(error);
    else parts.push(new Blob([chunk]));
  });
  for (const { path, blob } of entries) {
    const entry = new ZipPassThrough(path);
    zip.add(entry);
    for (let position = 0; position < blob.size; position += READ_BYTES) {
      entry.push(new Uint8Array(await blob.slice(position, position + READ_BYTES).arrayBuffer()));
    }
    entry.push(new Uint8Array(0), true);
  }
  zip.end();
  const [failure] = failures;
  if (failure) throw failure;
  return new Blob(parts, { type: "application/zip" });
}

/** Hands a Blob to the browser's downloads, named. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its own reference by the time this runs.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
