"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, FileArchive } from "lucide-react";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { discardFile } from "@/lib/share/chunk-store";
import { formatBytes, formatDuration, SpeedMeter } from "@/lib/share/format";
import type { TShareFile } from "@/lib/share/manifest";
import { fileKeyOf, receiveFiles, type TReceivedFile } from "@/lib/share/receive-files";
import { saveBlob, zipBlobs } from "@/lib/share/zip-blobs";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";
import { useUploaderConnection, type TSenderStatus, type TShareAccess } from "./use-uploader-connection";
import { countOf } from "@/lib/format/plural";

type TTransfer = {
  status: "connecting" | "receiving" | "saving" | "done" | "failed";
  indexes: number[];
  asZip: boolean;
  received: number;
  total: number;
  bytesPerSecond: number;
  /** Bytes a previous visit had already stored, so this one did not fetch them again. */
  resumedBytes: number;
  message: string | null;
};

/** Per tab: who this downloader is, its unlock grant for a protected link, and what it was fetching (for resume). */
type TTabState = { clientId: string; grant: string | null; pending: { indexes: number[]; asZip: boolean } | null };

function tabState(slug: string): TTabState {
  try {
    const saved = window.sessionStorage.getItem(`coterie.share.${slug}`);
    if (saved) return JSON.parse(saved) as TTabState;
  } catch {
    // Unreadable (storage disabled or damaged): start afresh.
  }
  return { clientId: `dl-${crypto.randomUUID()}`, grant: null, pending: null };
}

function saveTabState(slug: string, state: TTabState): void {
  window.sessionStorage.setItem(`coterie.share.${slug}`, JSON.stringify(state));
}

function archiveName(files: TShareFile[]): string {
  const roots = new Set(files.map((file) => (file.path.includes("/") ? file.path.split("/")[0] : null)));
  const [root] = [...roots];
  return roots.size === 1 && root ? `${root}.zip` : "coterie-share.zip";
}

const baseName = (path: string) => path.split("/").pop() ?? path;

export function ShareDownload({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A protected link this tab unlocked before (a reload) opens again with its grant, without the password.
  const [grant, setGrant] = useState<string | null>(() => (typeof window === "undefined" ? null : tabState(slug).grant));
  const openInput = { slug, grant: grant ?? undefined };
  const share = useQuery({ ...trpc.share.open.queryOptions(openInput), retry: false, refetchOnWindowFocus: false, staleTime: Number.POSITIVE_INFINITY });
  const unlock = useMutation(trpc.share.unlock.mutationOptions());
  const opened = share.data && !share.data.locked ? share.data : null;
  const access = opened?.access ?? null;
  const { refetch } = share;
  // The server ended this page's peer (the link was revoked or expired): ask again, and show what it says.
  const onEnded = useCallback(() => void refetch(), [refetch]);
  const { status: senderStatus, take: connectToSender } = useUploaderConnection(access, onEnded);
  const [transfer, setTransfer] = useState<TTransfer | null>(null);
  const cancelRef = useRef<(() => void) | null>(null);
  /**
   * Files this page received and verified, by index, kept to save them again without fetching them again: a
   * second click is not a second download (the sender's count goes up only when files are sent). Their stored
   * pieces are deleted later, but a Blob read from IndexedDB keeps its bytes for as long as the page holds it.
   */
  const verifiedRef = useRef(new Map<number, Blob>());
  const files = opened?.files;

  const saveVerified = useCallback(
    async (verified: TReceivedFile[], asZip: boolean) => {
      if (!files) return;
      if (asZip) saveBlob(await zipBlobs(verified.map(({ fileIndex, blob }) => ({ path: files[fileIndex]!.path, blob }))), archiveName(verified.map(({ fileIndex }) => files[fileIndex]!)));
      else for (const { fileIndex, blob } of verified) saveBlob(blob, baseName(files[fileIndex]!.path));
    },
    [files],
  );

  const download = useCallback(
    async (indexes: number[], asZip: boolean, current: TShareAccess) => {
      if (!files) return;
      const total = indexes.reduce((sum, index) => sum + (files[index]?.size ?? 0), 0);
      const here = indexes.map((index) => verifiedRef.current.get(index));
      if (here.every((blob) => blob !== undefined)) {
        await saveVerified(indexes.map((fileIndex, at) => ({ fileIndex, blob: here[at]! })), asZip);
        setTransfer({ status: "done", indexes, asZip, received: total, total, bytesPerSecond: 0, resumedBytes: 0, message: null });
        return;
      }
      const state = tabState(slug);
      saveTabState(slug, { ...state, pending: { indexes, asZip } });
      const perFile = new Map<number, number>();
      const meter = new SpeedMeter();
      setTransfer({ status: "connecting", indexes, asZip, received: 0, total, bytesPerSecond: 0, resumedBytes: 0, message: null });
      const fail = (message: string) => {
        setTransfer((current) => current && { ...current, status: "failed", message });
        // A link that ended meanwhile then says so instead of offering a download that cannot work.
        void refetch();
      };
      try {
        const { connection, ticket } = await connectToSender(current);
        const verified: TReceivedFile[] = [];
        const session = receiveFiles(connection, { slug, files, clientId: state.clientId, ticket }, {
          onBytes: (fileIndex, bytes) => {
            perFile.set(fileIndex, bytes);
            const received = [...perFile.values()].reduce((sum, value) => sum + value, 0);
            meter.record(received);
            // Acknowledgements come every MiB or 250 ms (progress-acks.ts): each one moves the bar.
            setTransfer((current) => current && { ...current, status: "receiving", received, bytesPerSecond: meter.bytesPerSecond() });
          },
          onResume: (_fileIndex, offset) => setTransfer((current) => current && { ...current, resumedBytes: current.resumedBytes + offset }),
          onFileVerified: (file) => {
            verified.push(file);
            verifiedRef.current.set(file.fileIndex, file.blob);
            if (verified.length < indexes.length) return;
            void (async () => {
              setTransfer((current) => current && { ...current, status: "saving", received: total });
              await saveVerified(verified, asZip);
              saveTabState(slug, { ...tabState(slug), pending: null });
              setTransfer((current) => current && { ...current, status: "done" });
              // The saved download reads the stored pieces; let it finish before they are deleted.
              setTimeout(() => void Promise.all(indexes.map((index) => discardFile(fileKeyOf(slug, index, files[index]!)))), 120_000);
            })();
          },
          onFailed: fail,
        });
        cancelRef.current = () => {
          session.cancel();
          saveTabState(slug, { ...tabState(slug), pending: null });
          setTransfer(null);
        };
        session.start(indexes);
      } catch (error) {
        fail(error instanceof Error ? error.message : "Could not reach the sender.");
      }
    },
    [files, slug, connectToSender, refetch, saveVerified],
  );

  // After a reload: the same tab continues what it was fetching, from what it already has.
  const resumed = useRef(false);
  useEffect(() => {
    if (!access || resumed.current) return;
    resumed.current = true;
    const { pending } = tabState(slug);
    if (pending) void download(pending.indexes, pending.asZip, access);
  }, [access, download, slug]);

  async function onUnlock(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = new FormData(event.currentTarget).get("password");
    if (typeof password !== "string") return;
    const unlocked = await unlock.mutateAsync({ slug, password }).catch(() => null);
    if (!unlocked || unlocked.locked) return;
    saveTabState(slug, { ...tabState(slug), grant: unlocked.grant });
    queryClient.setQueryData(trpc.share.open.queryKey({ slug, grant: unlocked.grant ?? undefined }), unlocked);
    setGrant(unlocked.grant);
  }

  if (share.isPending) return <p className="text-muted-foreground">Opening the link…</p>;
  if (share.isError) {
    return (
      <Card>
        <CardContent>
          <p role="alert" className="font-medium">
            {share.error.data?.code === "NOT_FOUND" ? share.error.message : `The link could not be opened: ${share.error.message}`}
          </p>
        </CardContent>
      </Card>
    );
  }
  if (!opened) return <UnlockForm onUnlock={onUnlock} pending={unlock.isPending} error={unlock.error?.message ?? null} />;
  const { files: offered, totalBytes } = opened;
  const busy = transfer !== null && (transfer.status === "connecting" || transfer.status === "receiving" || transfer.status === "saving");
  const left = transfer && transfer.bytesPerSecond > 0 ? (transfer.total - transfer.received) / transfer.bytesPerSecond : Number.POSITIVE_INFINITY;

  return (
    <Card>
      <CardContent className="space-y-4">
        <p className="text-sm text-muted-foreground">
          {countOf(offered.length, "file")}, {formatBytes(totalBytes)}, sent straight from the sender&apos;s browser and checked on arrival.
        </p>
        <ul aria-label="Files" className="divide-y rounded-lg border">
          {offered.map((file, index) => (
            <li key={file.path} className="flex items-center gap-3 p-2 text-sm">
              <span className="min-w-0 flex-1 truncate">{file.path}</span>
              <span className="shrink-0 text-muted-foreground">{formatBytes(file.size)}</span>
              <Button size="sm" variant="ghost" disabled={busy} aria-label={`Download ${file.path}`} onClick={() => void download([index], false, opened.access)}>
                <Download />
              </Button>
            </li>
          ))}
        </ul>
        <Button disabled={busy} onClick={() => void download(offered.map((_, index) => index), offered.length > 1, opened.access)}>
          {offered.length > 1 ? <FileArchive /> : <Download />} {offered.length > 1 ? "Download all as zip" : "Download"}
        </Button>
        {transfer ? (
          <section aria-label="Transfer" className="space-y-2" data-status={transfer.status}>
            <progress className="h-2 w-full" max={Math.max(1, transfer.total)} value={transfer.received} aria-label="Download progress" />
            <p className="text-sm text-muted-foreground" data-testid="transfer-status">
              {transfer.status === "connecting" && "Connecting to the sender…"}
              {transfer.status === "receiving" && `${formatBytes(transfer.received)} of ${formatBytes(transfer.total)} · ${formatBytes(transfer.bytesPerSecond)}/s · ${formatDuration(left)} left`}
              {transfer.status === "saving" && "Verified. Saving…"}
              {transfer.status === "done" && `Done: ${formatBytes(transfer.total)} received and verified.`}
              {transfer.status === "failed" && transfer.message}
            </p>
            {transfer.resumedBytes > 0 ? (
              <p className="text-xs text-muted-foreground" data-testid="resumed-bytes" data-bytes={transfer.resumedBytes}>
                Continued where it stopped: {formatBytes(transfer.resumedBytes)} were already here.
              </p>
            ) : null}
            {busy ? (
              <Button size="sm" variant="outline" onClick={() => cancelRef.current?.()}>
                Cancel
              </Button>
            ) : null}
          </section>
        ) : (
          <SenderStatus status={senderStatus} />
        )}
      </CardContent>
    </Card>
  );
}

/** A protected link shows nothing of its files before the password is right. */
function UnlockForm({ onUnlock, pending, error }: { onUnlock: (event: FormEvent<HTMLFormElement>) => Promise<void>; pending: boolean; error: string | null }) {
  return (
    <Card>
      <CardContent className="space-y-4">
        <p className="text-sm text-muted-foreground">This link is protected. Enter the password the sender gave you to see its files.</p>
        <form onSubmit={(event) => void onUnlock(event)} aria-label="Unlock" className="flex flex-wrap items-end gap-2">
          <div className="min-w-48 flex-1 space-y-1.5">
            <Label htmlFor="share-unlock-password">Password</Label>
            <Input id="share-unlock-password" name="password" type="password" autoComplete="off" required />
          </div>
          <Button type="submit" disabled={pending}>
            Unlock
          </Button>
          {error ? (
            <p role="alert" className="w-full text-sm text-destructive">
              {error}
            </p>
          ) : null}
        </form>
      </CardContent>
    </Card>
  );
}

const SENDER_STATUS_TEXT: Record<Exclude<TSenderStatus, "unknown">, string> = {
  connecting: "Reaching the sender's browser…",
  online: "The sender's browser is online and ready to send.",
  offline: "The sender's page cannot be reached, so the files cannot be fetched now.",
};

function SenderStatus({ status }: { status: TSenderStatus }) {
  if (status === "unknown") return null;
  return (
    <p role="status" data-testid="sender-status" data-status={status} className={cn("text-sm", status === "offline" ? "text-destructive" : "text-muted-foreground")}>
      {SENDER_STATUS_TEXT[status]}
    </p>
  );
}
