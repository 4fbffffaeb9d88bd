/**
 * Browser-only: the host's side of a room. It owns the arbiter, accepts participants' data channels (only
 * after the server has checked their ticket), decodes what they send at the edge, and delivers the arbiter's
 * messages to each channel and to the host's own view.
 */
import type { DataConnection, Peer } from "peerjs";
import { RoomArbiter, type TArbiterEffect, type TSeat } from "./arbiter";
import { decodeFromParticipant, encodeRoomMessage, type THostMessage, type TParticipantMessage, type TRoomMessageBody, type TRoomSettings } from "./protocol";

/** A connection that has not presented a ticket by then is closed. */
const JOIN_TIMEOUT_MS = 15_000;
const TICK_MS = 1_000;

export type TAdmittedSeat = Omit<TSeat, "connected" | "muted">;

export type TRoomHostOptions = {
  peer: Peer;
  self: TAdmittedSeat;
  settings: TRoomSettings;
  /** Asks the server whether this ticket gives this peer this seat; rejects if not. */
  admit: (request: { participantId: string; peerId: string; ticket: string }) => Promise<TAdmittedSeat>;
  /** A participant's page went away and did not come back: their seat is freed on the server. */
  onDeparture: (participantId: string, peerId: string) => void;
  /** The host's own view, fed exactly what participants receive. */
  onMessage: (message: TRoomMessageBody<THostMessage>) => void;
};

export class RoomHost {
  private readonly arbiter: RoomArbiter;
  private readonly channels = new Map<string, DataConnection>();
  /** Participants whose channel dropped, with the peer they had, until they return or are removed. */
  private readonly dropped = new Map<string, string>();
  private readonly timer: ReturnType<typeof setInterval>;
  private closed = false;

  constructor(private readonly options: TRoomHostOptions) {
    this.arbiter = new RoomArbiter(options.settings);
    options.peer.on("connection", (connection) => this.accept(connection));
    this.deliver(this.arbiter.admit(options.self, null, Date.now()));
    this.timer = setInterval(() => this.deliver(this.arbiter.tick(Date.now())), TICK_MS);
  }

  get droppedMessages(): number {
    return this.arbiter.droppedMessages;
  }

  /** The host's own chat, typing and character turns go through the arbiter like everyone else's. */
  send(body: TRoomMessageBody<TParticipantMessage>): void {
    this.deliver(this.arbiter.receive(this.options.self.participantId, { v: 1, ...body }, Date.now()));
  }

  letSpeak(participantId: string): void {
    this.deliver(this.arbiter.letSpeak(participantId, Date.now()));
  }

  setMuted(participantId: string, muted: boolean): void {
    this.deliver(this.arbiter.setMuted(participantId, muted, Date.now()));
  }

  updateSettings(settings: TRoomSettings): void {
    this.deliver(this.arbiter.updateSettings(settings, Date.now()));
  }

  /** The server has already ended the seat; this tells the participant and everyone else. */
  kick(participantId: string): void {
    const channel = this.channels.get(participantId);
    this.channels.delete(participantId);
    this.deliver(this.arbiter.kick(participantId, "The host removed you from this room.", Date.now()), channel);
    // Give the goodbye a moment to leave before hanging up.
    setTimeout(() => channel?.close(), 500);
  }

  /** The server's list of who is still seated: anyone else (their seat ended on the server) is let go. */
  keepSeated(seated: string[]): void {
    const still = new Set(seated);
    for (const { participantId } of this.arbiter.participants) {
      if (participantId === this.options.self.participantId || still.has(participantId)) continue;
      const channel = this.channels.get(participantId);
      this.channels.delete(participantId);
      this.dropped.delete(participantId);
      this.deliver(this.arbiter.remove(participantId, Date.now()));
      channel?.close();
    }
  }

  close(reason: string): void {
    if (this.closed) return;
    this.deliver(this.arbiter.close(reason));
    this.closed = true;
    clearInterval(this.timer);
    const channels = [...this.channels.values()];
    setTimeout(() => channels.forEach((channel) => channel.close()), 300);
  }

  private accept(connection: DataConnection): void {
    if (this.closed) {
      connection.close();
      return;
    }
    let participantId: string | null = null;
    let joining = false;
    const timeout = setTimeout(() => {
      if (!participantId) connection.close();
    }, JOIN_TIMEOUT_MS);
    connection.on("data", (data) => {
      const decoded = decodeFromParticipant(data);
      if (!decoded.ok) {
        this.arbiter.droppedMessages++;
        return;
      }
      const message = decoded.message;
      if (participantId) {
        this.deliver(this.arbiter.receive(participantId, message, Date.now()));
        return;
      }
      if (message.type !== "join" || joining) {
        this.arbiter.droppedMessages++;
        return;
      }
      joining = true;
      void this.options.admit({ participantId: message.participantId, peerId: connection.peer, ticket: message.ticket }).then(
        (seat) => {
          clearTimeout(timeout);
          participantId = seat.participantId;
          const previous = this.channels.get(seat.participantId);
          if (previous && previous !== connection) previous.close();
          this.channels.set(seat.participantId, connection);
          this.dropped.delete(seat.participantId);
          this.deliver(this.arbiter.admit(seat, message.afterSeq, Date.now()));
        },
        (error: unknown) => {
          const reason = error instanceof Error ? error.message : "The host could not let you in.";
          void connection.send(encodeRoomMessage({ type: "refused", reason }));
          setTimeout(() => connection.close(), 500);
        },
      );
    });
    connection.on("close", () => {
      clearTimeout(timeout);
      if (!participantId || this.channels.get(participantId) !== connection) return;
      this.channels.delete(participantId);
      this.dropped.set(participantId, connection.peer);
      this.deliver(this.arbiter.disconnect(participantId, Date.now()));
    });
  }

  /** Sends each message to its recipients: channels, and the host's own view. `extra` also gets to-everyone messages. */
  private deliver(effects: TArbiterEffect[], extra?: DataConnection): void {
    for (const effect of effects) {
      const wire = encodeRoomMessage(effect.message);
      const selfId = this.options.self.participantId;
      if (effect.to === null) {
        // Relayed first: the host's own view can render after the others are on their way.
        for (const [participantId, channel] of this.channels) if (participantId !== effect.except && channel.open) void channel.send(wire);
        if (effect.except !== selfId) this.options.onMessage(effect.message);
      } else if (effect.to === selfId) {
        this.options.onMessage(effect.message);
      } else {
        const channel = this.channels.get(effect.to) ?? extra;
        if (channel?.open) void channel.send(wire);
      }
    }
    this.reportDepartures();
  }

  private reportDepartures(): void {
    if (this.dropped.size === 0) return;
    const seated = new Set(this.arbiter.participants.map((participant) => participant.participantId));
    for (const [participantId, peerId] of this.dropped) {
      if (seated.has(participantId)) continue;
      this.dropped.delete(participantId);
      this.options.onDeparture(participantId, peerId);
    }
  }
}
