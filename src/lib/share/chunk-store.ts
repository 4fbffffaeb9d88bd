/**
 * Browser-only: where a download lands as it arrives. Received bytes are written to IndexedDB a batch per blob
 * (receive-files.ts), so the tab holds only the batch that is filling, and a reload finds what was already received
 * (resume). The finished file is a Blob composed of those stored blobs, which Chromium keeps on disk, not in the
 * tab's memory.
 */
const DATABASE = "coterie-share";
const STORE = "chunks";

type TChunkRecord = { fileKey: string; sequence: number; blob: Blob };

let opened: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: ["fileKey", "sequence"] });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB is not available."));
  });
  return opened;
}

function done(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error("Writing the download failed."));
    transaction.onabort = () => reject(transaction.error ?? new Error("Writing the download was aborted (is the disk full?)."));
  });
}

const range = (fileKey: string, from = 0, to = Number.MAX_SAFE_INTEGER) => IDBKeyRange.bound([fileKey, from], [fileKey, to]);

/** The stored pieces of one file (or those numbered `from` to `to`), in order, as Blobs backed by files on disk. */
export async function storedBlobs(fileKey: string, from?: number, to?: number): Promise<Blob[]> {
  const transaction = (await database()).transaction(STORE, "readonly");
  const request = transaction.objectStore(STORE).getAll(range(fileKey, from, to));
  await done(transaction);
  return (request.result as TChunkRecord[]).map((record) => record.blob);
}

export async function appendBlob(fileKey: string, sequence: number, blob: Blob): Promise<void> {
  // Relaxed: the commit need not wait for the disk. A piece lost to a crash was never stored as far as a resume
  // can tell (it re-reads what is there), so it is simply fetched again.
  const transaction = (await database()).transaction(STORE, "readwrite", { durability: "relaxed" });
  transaction.objectStore(STORE).put({ fileKey, sequence, blob } satisfies TChunkRecord);
  await done(transaction);
}

export async function discardFile(fileKey: string): Promise<void> {
  const transaction = (await database()).transaction(STORE, "readwrite");
  transaction.objectStore(STORE).delete(range(fileKey));
  await done(transaction);
}
