"use client";

import { useMutation } from "@tanstack/react-query";
import { Copy, Link2, PlugZap, Send } from "lucide-react";
import type { DataConnection, Peer } from "peerjs";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import {
  decodeConnectionTestMessage,
  stampConnectionTestMessage,
  type TConnectionTestMessageBody,
} from "@/lib/p2p/connection-test-protocol";
import { openPeer } from "@/lib/p2p/open-peer";
import { useTRPC } from "@/trpc/react";

type TStatus = "registering" | "ready" | "connecting" | "connected" | "failed";
type TLogEntry = { id: number; from: "you" | "them" | "info"; text: string };

/** Pings keep the round trip fresh and notice a device that vanished without saying goodbye (closed lid, lost
 * network), which WebRTC itself only reports after tens of seconds. */
const HEARTBEAT_INTERVAL_MS = 2000;
const SILENCE_LIMIT_MS = 6000;

const STATUS_LABEL: Record<TStatus, string> = {
  registering: "Registering…",
  ready: "Ready",
  connecting: "Connecting…",
  connected: "Connected",
  failed: "Failed",
};

export function ConnectionTest() {
  const trpc = useTRPC();
  const issueCredentials = useMutation(trpc.signaling.credentials.mutationOptions());
  const [status, setStatus] = useState<TStatus>("registering");
  const [ownId, setOwnId] = useState<string | null>(null);
  const [remoteId, setRemoteId] = useState("");
  const [roundTripMs, setRoundTripMs] = useState<number | null>(null);
  const [log, setLog] = useState<TLogEntry[]>([]);
  const [draft, setDraft] = useState("");
  const peerRef = useRef<Peer | null>(null);
  const connectionRef = useRef<DataConnection | null>(null);
  const nextLogId = useRef(0);

  const note = (from: TLogEntry["from"], text: string) =>
    setLog((entries) => [...entries, { id: nextLogId.current++, from, text }]);

  function attach(connection: DataConnection) {
    connectionRef.current?.close();
    connectionRef.current = connection;
    const send = (body: TConnectionTestMessageBody) => void connection.send(stampConnectionTestMessage(body));
    const ping = () => send({ type: "ping", id: crypto.randomUUID(), sentAt: performance.now() });
    let lastHeardAt = performance.now();
    let heartbeat: number | undefined;
    connection.on("open", () => {
      setStatus("connected");
      setRemoteId(connection.peer);
      note("info", `Data channel open with ${connection.peer}`);
      lastHeardAt = performance.now();
      ping();
      heartbeat = window.setInterval(() => {
        if (performance.now() - lastHeardAt > SILENCE_LIMIT_MS) {
          note("info", "The other device stopped answering.");
          connection.close();
        } else ping();
      }, HEARTBEAT_INTERVAL_MS);
    });
    connection.on("data", (data) => {
      lastHeardAt = performance.now();
      const decoded = decodeConnectionTestMessage(data);
      if (!decoded.ok) {
        note("info", `The other side sent a message this page does not understand (${decoded.reason}); disconnected.`);
        connection.close();
        return;
      }
      const { message } = decoded;
      if (message.type === "ping") send({ type: "pong", id: message.id, sentAt: message.sentAt });
      else if (message.type === "pong") setRoundTripMs(Math.round(performance.now() - message.sentAt));
      else note("them", message.text);
    });
    connection.on("close", () => {
      window.clearInterval(heartbeat);
      if (connectionRef.current !== connection) return;
      connectionRef.current = null;
      setStatus("ready");
      setRoundTripMs(null);
      note("info", "Disconnected");
    });
    connection.on("error", (error) => note("info", `Connection error: ${error.message}`));
  }

  function connectTo(id: string) {
    const peer = peerRef.current;
    const target = id.trim();
    if (!peer || !target) return;
    if (target === peer.id) {
      toast.error("That is this page's own code: open the test on another device or tab.");
      return;
    }
    setStatus("connecting");
    attach(peer.connect(target, { reliable: true }));
  }

  // Register once per page; the peer lives as long as the page.
  useEffect(() => {
    let cancelled = false;
    // Leaving the page says goodbye at once, instead of letting the other side wait for a timeout.
    const leave = () => peerRef.current?.destroy();
    window.addEventListener("pagehide", leave);
    void (async () => {
      try {
        const credentials = await issueCredentials.mutateAsync();
        const peer = await openPeer(credentials);
        if (cancelled) return peer.destroy();
        peerRef.current = peer;
        setOwnId(peer.id);
        setStatus("ready");
        peer.on("connection", (connection) => attach(connection));
        peer.on("error", (error) => {
          note("info", error.type === "peer-unavailable" ? "No device with that code is online." : error.message);
          if (!connectionRef.current?.open) setStatus("ready");
        });
        const linked = new URLSearchParams(window.location.search).get("peer");
        if (linked) connectTo(linked);
      } catch (error) {
        if (cancelled) return;
        setStatus("failed");
        note("info", `Could not register with the signaling server: ${(error as Error).message}`);
      }
    })();
    return () => {
      cancelled = true;
      window.removeEventListener("pagehide", leave);
      peerRef.current?.destroy();
      peerRef.current = null;
    };
    // Runs once: the peer belongs to the page, not to any render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function onConnect(event: FormEvent) {
    event.preventDefault();
    connectTo(remoteId);
  }

  function onSend(event: FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (!text || !connectionRef.current?.open) return;
    void connectionRef.current.send(stampConnectionTestMessage({ type: "text", text }));
    note("you", text);
    setDraft("");
  }

  const inviteLink = ownId ? `${window.location.origin}/connection-test?peer=${ownId}` : "";

  return (
    <div className="space-y-4">
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <PlugZap className="size-5 text-primary" aria-hidden />
            This device
            <Badge
              data-testid="connection-status"
              variant={status === "connected" ? "success" : status === "failed" ? "destructive" : "secondary"}
              className="ml-auto"
            >
              {STATUS_LABEL[status]}
            </Badge>
          </CardTitle>
          <CardDescription>Give this code (or the link) to the other device.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-wrap items-center gap-2">
          <code data-testid="own-peer-id" className="rounded bg-muted px-2 py-1 font-mono text-sm break-all">
            {ownId ?? "…"}
          </code>
          <Button
            variant="outline"
            size="sm"
            disabled={!ownId}
            onClick={() => void navigator.clipboard.writeText(ownId ?? "").then(() => toast.success("Code copied"))}
          >
            <Copy /> Copy code
          </Button>
          <Button
            variant="outline"
            size="sm"
            disabled={!ownId}
            onClick={() => void navigator.clipboard.writeText(inviteLink).then(() => toast.success("Link copied"))}
          >
            <Link2 /> Copy link
          </Button>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Connect</CardTitle>
          {roundTripMs !== null && (
            <CardDescription data-testid="round-trip">Round trip over the data channel: {roundTripMs} ms</CardDescription>
          )}
        </CardHeader>
        <CardContent className="space-y-4">
          <form onSubmit={onConnect} className="flex flex-col gap-2 sm:flex-row sm:items-end">
            <div className="flex-1 space-y-1.5">
              <Label htmlFor="remote-peer">Other device&apos;s code</Label>
              <Input
                id="remote-peer"
                value={remoteId}
                onChange={(event) => setRemoteId(event.target.value)}
                placeholder="Paste the code shown on the other device"
                autoComplete="off"
              />
            </div>
            <Button type="submit" disabled={status !== "ready" || !remoteId.trim()}>
              Connect
            </Button>
          </form>
          <form onSubmit={onSend} className="flex gap-2">
            <Input
              aria-label="Message"
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              placeholder="Say hello"
              maxLength={2000}
              disabled={status !== "connected"}
            />
            <Button type="submit" disabled={status !== "connected" || !draft.trim()}>
              <Send /> Send
            </Button>
          </form>
          <ol aria-label="Messages" className="space-y-1 text-sm">
            {log.map((entry) => (
              <li key={entry.id} className={entry.from === "info" ? "text-muted-foreground" : undefined}>
                {entry.from !== "info" && <span className="font-medium">{entry.from === "you" ? "You" : "Them"}: </span>}
                {entry.text}
              </li>
            ))}
          </ol>
        </CardContent>
      </Card>
    </div>
  );
}
