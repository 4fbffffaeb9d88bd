/**
 * What a participant's page shows of a room, built only from what the host sends (the host's own page is fed
 * the same messages). Pure, so every page derives the same view from the same messages.
 */
import type { THostMessage, TRoomMessageBody, TRoomParticipant, TRoomSettings, TRoomTranscriptMessage } from "./protocol";

export type TRoomViewState = {
  you: string | null;
  settings: TRoomSettings | null;
  participants: TRoomParticipant[];
  /** In sequence order, without duplicates (history and live messages may overlap after a reconnect). */
  transcript: TRoomTranscriptMessage[];
  typing: string[];
  turn: { turnId: string; participantId: string; text: string } | null;
  /** The last failed turn's reason, shown until the next turn. */
  turnError: string | null;
  ended: { kind: "closed" | "kicked" | "refused" | "lost"; reason: string } | null;
  /** Why this page's last message did not reach the room, until its next one does. */
  notSent: string | null;
};

export const INITIAL_ROOM_VIEW: TRoomViewState = { you: null, settings: null, participants: [], transcript: [], typing: [], turn: null, turnError: null, ended: null, notSent: null };

/** What the host sent (its version already checked at the edge), or what this page itself observed. */
export type TRoomViewAction = TRoomMessageBody<THostMessage> | { type: "local-ended"; kind: "lost"; reason: string } | { type: "local-stream"; turnId: string; delta: string };

function withMessages(transcript: TRoomTranscriptMessage[], incoming: TRoomTranscriptMessage[]): TRoomTranscriptMessage[] {
  // The usual case, a live message after the last one, appends without re-checking a long transcript.
  const last = transcript.at(-1)?.seq ?? -Infinity;
  if (incoming.length === 1 && incoming[0]!.seq > last) return [...transcript, incoming[0]!];
  const known = new Set(transcript.map((message) => message.seq));
  const fresh = incoming.filter((message) => !known.has(message.seq));
  if (fresh.length === 0) return transcript;
  return [...transcript, ...fresh].sort((a, b) => a.seq - b.seq);
}

export function lastSeqOf(state: TRoomViewState): number | null {
  return state.transcript.at(-1)?.seq ?? null;
}

export function reduceRoomView(state: TRoomViewState, action: TRoomViewAction): TRoomViewState {
  if (state.ended && action.type !== "welcome") return state;
  switch (action.type) {
    case "welcome":
      return { ...state, you: action.you, settings: action.room, participants: action.participants, ended: null };
    case "history":
      return { ...state, transcript: withMessages(state.transcript, action.messages) };
    case "presence": {
      const present = new Set(action.participants.map((participant) => participant.participantId));
      return { ...state, participants: action.participants, typing: state.typing.filter((id) => present.has(id)) };
    }
    case "settings":
      return { ...state, settings: action.room };
    case "message": {
      // A person's message ends their typing (the host sends no separate "stopped typing" for it).
      const author = action.message.kind === "human" ? action.message.participantId : null;
      const typing = author && state.typing.includes(author) ? state.typing.filter((id) => id !== author) : state.typing;
      const notSent = author !== null && author === state.you ? null : state.notSent;
      return { ...state, transcript: withMessages(state.transcript, [action.message]), typing, notSent };
    }
    case "not-sent":
      return { ...state, notSent: action.reason };
    case "relay-typing": {
      const others = state.typing.filter((id) => id !== action.participantId);
      return { ...state, typing: action.typing ? [...others, action.participantId] : others };
    }
    case "turn-grant":
      return { ...state, turn: { turnId: action.turnId, participantId: action.participantId, text: "" }, turnError: null };
    case "relay-ai-stream":
    case "local-stream":
      if (state.turn?.turnId !== action.turnId) return state;
      return { ...state, turn: { ...state.turn, text: state.turn.text + action.delta } };
    case "turn-end":
      if (state.turn?.turnId !== action.turnId) return { ...state, turnError: action.error };
      return { ...state, turn: null, turnError: action.error };
    case "mute":
      return { ...state, participants: state.participants.map((participant) => (participant.participantId === action.participantId ? { ...participant, muted: action.muted } : participant)) };
    case "kick":
      return { ...state, turn: null, ended: { kind: "kicked", reason: action.reason } };
    case "room-closed":
      return { ...state, turn: null, ended: { kind: "closed", reason: action.reason } };
    case "refused":
      return { ...state, turn: null, ended: { kind: "refused", reason: action.reason } };
    case "local-ended":
      return { ...state, turn: null, ended: { kind: action.kind, reason: action.reason } };
  }
}
