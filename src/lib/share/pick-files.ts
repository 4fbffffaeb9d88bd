/**
 * Browser-only: turns what the user picked or dropped into files with relative paths. Folders keep their
 * structure: the picker gives `webkitRelativePath`, a drop is walked through its directory entries.
 */
import type { TShareableFile } from "./serve-downloader";

export function filesFromInput(list: FileList): TShareableFile[] {
  return [...list].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

async function walk(entry: FileSystemEntry, prefix: string, into: TShareableFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    into.push({ path: `${prefix}${file.name}`, file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries answers in batches until it returns an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return;
    for (const child of batch) await walk(child, `${prefix}${entry.name}/`, into);
  }
}

export async function filesFromDrop(transfer: DataTransfer): Promise<TShareableFile[]> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry()).filter((entry): entry is FileSystemEntry => entry !== null);
  if (entries.length === 0) return filesFromInput(transfer.files);
  const files: TShareableFile[] = [];
  for (const entry of entries) await walk(entry, "", files);
  return files;
}
