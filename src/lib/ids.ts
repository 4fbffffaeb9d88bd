/**
 * Prefixed IDs (`usr_…`, `ses_…`), as in the Engram design: a glance at an ID in a log or URL says what it
 * names. Every prefix and every ID input schema is declared here, once, for the server and the browser alike;
 * the server mints them (server/db/ids).
 */
import { z } from "zod";

export const ID_PREFIXES = {
  user: "usr",
  session: "ses",
  character: "chr",
  asset: "ast",
  lorebookEntry: "lbe",
  persona: "per",
  provider: "prv",
  model: "mdl",
  usageEvent: "use",
  chat: "cht",
  message: "msg",
  memory: "mem",
  share: "shr",
  room: "room",
  participant: "rpt",
  invite: "inv",
  passwordReset: "pwr",
} as const;

export type TIdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES];

const ID_BODY = "[\\w-]{1,64}";

/** Whether a value (a URL parameter, say) looks like an ID of one kind. */
export function isIdOf(prefix: TIdPrefix, value: unknown): value is string {
  return typeof value === "string" && new RegExp(`^${prefix}_${ID_BODY}$`).test(value);
}

/** The input schema for an ID of one kind: a clear refusal, naming the kind, for anything else. */
function ZIdOf(prefix: TIdPrefix, noun: string) {
  return z.string().regex(new RegExp(`^${prefix}_${ID_BODY}$`), `Not ${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun} ID.`);
}

export const ZUserId = ZIdOf(ID_PREFIXES.user, "account");
/** A signed-in device, as the devices page calls a session. */
export const ZSessionId = ZIdOf(ID_PREFIXES.session, "device");
export const ZCharacterId = ZIdOf(ID_PREFIXES.character, "character");
export const ZAssetId = ZIdOf(ID_PREFIXES.asset, "asset");
export const ZPersonaId = ZIdOf(ID_PREFIXES.persona, "persona");
export const ZProviderId = ZIdOf(ID_PREFIXES.provider, "provider");
export const ZModelRowId = ZIdOf(ID_PREFIXES.model, "model");
export const ZChatId = ZIdOf(ID_PREFIXES.chat, "chat");
export const ZMessageId = ZIdOf(ID_PREFIXES.message, "message");
export const ZMemoryId = ZIdOf(ID_PREFIXES.memory, "memory");
export const ZShareId = ZIdOf(ID_PREFIXES.share, "share");
export const ZRoomId = ZIdOf(ID_PREFIXES.room, "room");
export const ZParticipantId = ZIdOf(ID_PREFIXES.participant, "participant");
export const ZInviteId = ZIdOf(ID_PREFIXES.invite, "invite");
