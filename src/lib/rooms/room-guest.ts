/**
 * Browser-only: a participant's side of a room, one data channel to the host. It presents the ticket the
 * server issued, decodes what the host sends at the edge, and reports a lost host as the room's end.
 */
import type { DataConnection, Peer } from "peerjs";
import { decodeFromHost, encodeRoomMessage, type THostMessage, type TParticipantMessage, type TRoomMessageBody } from "./protocol";

const CONNECT_TIMEOUT_MS = 20_000;

export type TRoomGuestOptions = {
  peer: Peer;
  hostPeerId: string;
  participantId: string;
  ticket: string;
  /** The last message this page already has, so only what it missed is sent again. */
  afterSeq: number | null;
  onMessage: (message: TRoomMessageBody<THostMessage>) => void;
  /** The host could not be reached or went away without closing the room. */
  onLost: (reason: string) => void;
};

export class RoomGuest {
  private readonly connection: DataConnection;
  private finished = false;
  droppedMessages = 0;

  constructor(private readonly options: TRoomGuestOptions) {
    const connection = options.peer.connect(options.hostPeerId, { reliable: true, serialization: "raw" });
    this.connection = connection;
    const timeout = setTimeout(() => this.lose("The host's page did not answer. The room may have closed."), CONNECT_TIMEOUT_MS);
    connection.on("open", () => {
      clearTimeout(timeout);
      void connection.send(encodeRoomMessage({ type: "join", participantId: options.participantId, ticket: options.ticket, afterSeq: options.afterSeq }));
    });
    connection.on("data", (data) => {
      const decoded = decodeFromHost(data);
      if (!decoded.ok) {
        this.droppedMessages++;
        return;
      }
      const { v: _version, ...message } = decoded.message;
      if (message.type === "room-closed" || message.type === "kick" || message.type === "refused") this.finished = true;
      options.onMessage(message);
    });
    connection.on("close", () => {
      clearTimeout(timeout);
      this.lose("The host has left, so the room is closed.");
    });
    options.peer.on("error", (error) => {
      if (error.type === "peer-unavailable") this.lose("The host's page is not open any more, so the room is closed.");
    });
  }

  send(body: TRoomMessageBody<TParticipantMessage>): void {
    if (this.connection.open) void this.connection.send(encodeRoomMessage(body));
  }

  /** This page is leaving on purpose: say so, then hang up. */
  leave(): void {
    this.finished = true;
    this.send({ type: "leave" });
    setTimeout(() => this.connection.close(), 300);
  }

  private lose(reason: string): void {
    if (this.finished) return;
    this.finished = true;
    this.options.onLost(reason);
  }
}
