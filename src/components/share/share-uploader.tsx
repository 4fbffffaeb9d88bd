"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FolderUp, Upload, X } from "lucide-react";
import type { Peer } from "peerjs";
import { useCallback, useEffect, useRef, useState, type DragEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { formatBytes, formatDuration, SpeedMeter } from "@/lib/share/format";
import { keepPeerConnected, openPeer } from "@/lib/p2p/open-peer";
import { DEFAULT_SHARE_EXPIRY_MINUTES, SHARE_EXPIRY_CHOICES_MINUTES, SHARE_HEARTBEAT_SECONDS, SHARE_LAPSE_SECONDS } from "@/lib/share/manifest";
import { filesFromDrop, filesFromInput } from "@/lib/share/pick-files";
import { serveDownloader, type TDownloaderProgress, type TDownloaderState, type TShareableFile } from "@/lib/share/serve-downloader";
import { useTRPC } from "@/trpc/react";
import { isTransientFailure } from "@/trpc/transient-failure";
import { InviteLinks } from "@/components/p2p/invite-links";
import { countOf } from "@/lib/format/plural";

type TActiveShare = { id: string; shortSlug: string; longSlug: string; expiresAt: Date };

/** What downloaders are told when the link ends under them (revoked, expired, renewal refused). */
const SHARE_ENDED_REASON = "The sender's link has ended.";

/** Download pages connect when they open, so a connected visitor may only be looking at the list so far. */
const DOWNLOADER_STATE_LABELS: Record<TDownloaderState, string> = {
  connected: "has the link open",
  sending: "receiving",
  done: "finished",
  stopped: "stopped",
  disconnected: "left",
};

/** A visitor's number stays theirs while others come and go. */
type TListedDownloader = TDownloaderProgress & { number: number; bytesPerSecond: number };

const expiryLabel = (minutes: number) => (minutes < 60 ? countOf(minutes, "minute") : minutes < 1440 ? countOf(minutes / 60, "hour") : countOf(minutes / 1440, "day"));

export function ShareUploader() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<TShareableFile[]>([]);
  const [password, setPassword] = useState("");
  const [expiresInMinutes, setExpiresInMinutes] = useState<number>(DEFAULT_SHARE_EXPIRY_MINUTES);
  const [active, setActive] = useState<TActiveShare | null>(null);
  const [downloaders, setDownloaders] = useState<Record<string, TListedDownloader>>({});
  const visitorsSoFar = useRef(0);
  const stoppers = useRef(new Map<string, (reason: string) => void>());
  const meters = useRef(new Map<string, SpeedMeter>());
  /** Each link has a peer of its own, destroyed when the link ends, so no later link can serve this one's files. */
  const sharePeer = useRef<Peer | null>(null);
  const [dragging, setDragging] = useState(false);
  const refreshMine = useCallback(() => queryClient.invalidateQueries({ queryKey: trpc.share.mine.queryKey() }), [queryClient, trpc]);
  const credentials = useMutation(trpc.signaling.credentials.mutationOptions());
  const create = useMutation(trpc.share.create.mutationOptions());
  const renew = useMutation(trpc.share.renew.mutationOptions());
  const revoke = useMutation(trpc.share.revoke.mutationOptions());
  const admit = useMutation(trpc.share.admit.mutationOptions());
  const recordDownload = useMutation(trpc.share.recordDownload.mutationOptions({ onSuccess: () => void refreshMine() }));

  /** Stops serving at once: every downloader is told why, and the link's peer (with its connections) is destroyed. */
  const endSharing = useCallback(
    (reason: string) => {
      for (const stop of stoppers.current.values()) stop(reason);
      stoppers.current.clear();
      // The stop messages leave before the channels close with the peer.
      const peer = sharePeer.current;
      sharePeer.current = null;
      window.setTimeout(() => peer?.destroy(), 300);
      setActive(null);
      setDownloaders({});
      visitorsSoFar.current = 0;
      void refreshMine();
    },
    [refreshMine],
  );

  useEffect(() => {
    const leave = () => sharePeer.current?.destroy();
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      leave();
    };
  }, []);

  // The heartbeat keeps the link alive while this page is open. When the server says the link is gone (revoked
  // elsewhere, expired), or has not heard from this page for as long as it keeps a quiet link, serving stops.
  const { mutate: renewMutate } = renew;
  useEffect(() => {
    if (!active) return;
    let lastRenewedAt = Date.now();
    const timer = window.setInterval(() => {
      const peer = sharePeer.current;
      if (!peer) return;
      renewMutate(
        { id: active.id, peerId: peer.id },
        {
          onSuccess: () => (lastRenewedAt = Date.now()),
          onError: (error) => {
            if (!isTransientFailure(error) || Date.now() - lastRenewedAt > SHARE_LAPSE_SECONDS * 1000) {
              toast.error("This link has ended, so the files are no longer offered.");
              endSharing(SHARE_ENDED_REASON);
            }
          },
        },
      );
    }, SHARE_HEARTBEAT_SECONDS * 1000);
    return () => window.clearInterval(timer);
  }, [active, endSharing, renewMutate]);

  async function startSharing() {
    let peer: Peer | null = null;
    try {
      peer = await openPeer(await credentials.mutateAsync());
      const manifest = { files: files.map(({ path, file }) => ({ path, size: file.size, type: file.type })) };
      const share = await create.mutateAsync({ manifest, password: password || undefined, expiresInMinutes, peerId: peer.id });
      // The server ends this peer when the link is revoked from another page or device, or this device is signed out.
      keepPeerConnected(peer, (reason) => {
        toast.error(reason);
        endSharing(SHARE_ENDED_REASON);
      });
      sharePeer.current = peer;
      const served = { files, checksums: new Map<number, string>() };
      peer.on("connection", (connection) => {
        const { stop } = serveDownloader(connection, served, {
          admit: (peerId, ticket) => admit.mutateAsync({ id: share.id, peerId, ticket }),
          onProgress: (progress) => {
            const { connectionId } = progress;
            if (progress.state === "disconnected" && progress.requestedBytes === 0) {
              // Someone who only looked at the file list (or a link preview) was never a downloader: no row for them.
              meters.current.delete(connectionId);
              stoppers.current.delete(connectionId);
              setDownloaders(({ [connectionId]: _left, ...rest }) => rest);
              return;
            }
            const meter = meters.current.get(connectionId) ?? new SpeedMeter();
            meters.current.set(connectionId, meter);
            meter.record(progress.acknowledgedBytes);
            setDownloaders((current) => ({
              ...current,
              [connectionId]: { ...progress, number: current[connectionId]?.number ?? ++visitorsSoFar.current, bytesPerSecond: meter.bytesPerSecond() },
            }));
          },
          onCompleted: () => recordDownload.mutate({ id: share.id }),
        });
        stoppers.current.set(connection.connectionId, stop);
      });
      setActive(share);
      void refreshMine();
    } catch (error) {
      peer?.destroy();
      toast.error(error instanceof Error ? error.message : "The link could not be created.");
    }
  }

  async function stopSharing() {
    if (!active) return;
    endSharing("The uploader stopped sharing.");
    await revoke.mutateAsync({ id: active.id }).catch(() => undefined);
    void refreshMine();
  }

  async function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    if (!active) setFiles(await filesFromDrop(event.dataTransfer));
  }

  if (active) {
    const origin = window.location.origin;
    const shortUrl = `${origin}/s/${active.shortSlug}`;
    const longUrl = `${origin}/s/${active.longSlug}`;
    const totalBytes = files.reduce((total, { file }) => total + file.size, 0);
    return (
      <Card>
        <CardContent className="space-y-4">
          <p className="text-sm text-muted-foreground">
            Sharing {countOf(files.length, "file")} ({formatBytes(totalBytes)}). Keep this page open: the files travel straight from it, and the link stops working soon after it closes.
          </p>
          <InviteLinks shortUrl={shortUrl} longUrl={longUrl} qrLabel="QR code of the share link">
            <p className="text-xs text-muted-foreground">Expires {active.expiresAt.toLocaleString()}{password ? " · password protected" : ""}</p>
          </InviteLinks>
          <section aria-label="Downloaders" className="space-y-2">
            <h2 className="text-sm font-medium">Downloaders</h2>
            {Object.values(downloaders).length === 0 ? <p className="text-sm text-muted-foreground">Nobody has connected yet.</p> : null}
            <ul className="space-y-2">
              {Object.values(downloaders).map((downloader) => (
                <li key={downloader.connectionId} className="flex items-center gap-3 text-sm" data-state={downloader.state}>
                  <span className="w-28 shrink-0">Downloader {downloader.number}</span>
                  <progress className="h-2 flex-1" max={Math.max(1, downloader.requestedBytes)} value={downloader.acknowledgedBytes} aria-label={`Downloader ${downloader.number} progress`} />
                  <span className="w-64 shrink-0 text-right text-muted-foreground">
                    {downloader.state === "sending"
                      ? `${formatBytes(downloader.acknowledgedBytes)} / ${formatBytes(downloader.requestedBytes)} · ${formatBytes(downloader.bytesPerSecond)}/s · ${formatDuration(downloader.bytesPerSecond > 0 ? (downloader.requestedBytes - downloader.acknowledgedBytes) / downloader.bytesPerSecond : Number.POSITIVE_INFINITY)} left`
                      : DOWNLOADER_STATE_LABELS[downloader.state]}
                  </span>
                  {downloader.state === "sending" || downloader.state === "connected" ? (
                    <Button size="icon" variant="ghost" className="size-7" aria-label={`Stop downloader ${downloader.number}`} onClick={() => stoppers.current.get(downloader.connectionId)?.("The uploader stopped this download.")}>
                      <X />
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
          <Button variant="outline" onClick={() => void stopSharing()}>
            Stop sharing
          </Button>
        </CardContent>
      </Card>
    );
  }

  return (
    <Card>
      <CardContent className="space-y-4">
        <div
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(event) => void onDrop(event)}
          className={`grid place-items-center gap-3 rounded-lg border-2 border-dashed p-8 text-center ${dragging ? "border-primary bg-primary/5" : ""}`}
        >
          <Upload className="size-8 text-muted-foreground" />
          <p className="text-sm text-muted-foreground">Drop files or a folder here, or</p>
          <div className="flex flex-wrap justify-center gap-2">
            <Button asChild variant="outline">
              <label>
                Choose files
                <input type="file" multiple className="sr-only" aria-label="Files to share" onChange={(event) => event.target.files && setFiles(filesFromInput(event.target.files))} />
              </label>
            </Button>
            <Button asChild variant="outline">
              <label>
                <FolderUp /> Choose a folder
                <input type="file" className="sr-only" aria-label="Folder to share" {...{ webkitdirectory: "" }} onChange={(event) => event.target.files && setFiles(filesFromInput(event.target.files))} />
              </label>
            </Button>
          </div>
        </div>
        {files.length > 0 ? (
          <ul aria-label="Chosen files" className="max-h-48 space-y-1 overflow-y-auto text-sm">
            {files.map(({ path, file }) => (
              <li key={path} className="flex justify-between gap-3">
                <span className="truncate">{path}</span>
                <span className="shrink-0 text-muted-foreground">{formatBytes(file.size)}</span>
              </li>
            ))}
          </ul>
        ) : null}
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="space-y-1.5">
            <Label htmlFor="share-password">Password (optional)</Label>
            <Input id="share-password" type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="share-expiry">Link expires after</Label>
            <NativeSelect id="share-expiry" className="w-full" value={expiresInMinutes} onChange={(event) => setExpiresInMinutes(Number(event.target.value))}>
              {SHARE_EXPIRY_CHOICES_MINUTES.map((minutes) => (
                <option key={minutes} value={minutes}>
                  {expiryLabel(minutes)}
                </option>
              ))}
            </NativeSelect>
          </div>
        </div>
        <Button disabled={files.length === 0 || create.isPending} onClick={() => void startSharing()}>
          Create link
        </Button>
      </CardContent>
    </Card>
  );
}
