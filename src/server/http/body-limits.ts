/**
 * The cap on every request body Coterie reads, in one place. Each is sized from the largest request a person
 * can legitimately make on that route; past it the body is refused with 413 while it streams in (see
 * limited-body.ts), whatever Content-Length said.
 */
import "server-only";
import { ASSET_IMAGE_LIMITS } from "@/server/images/asset-images";
import { AVATAR_MAX_UPLOAD_BYTES } from "@/server/images/avatar-image";

export type TBodyLimit = {
  maxBytes: number;
  /** What the person is told when the body is refused. */
  tooLarge: string;
};

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * A whole conversation in one request: room turns and "Save to chats" send the room's transcript, incognito
 * replies the tab's history, each at most 1,000 messages of at most 20,000 characters. At that maximum, Latin
 * text is about 20.5 MB of JSON (framing and escaped newlines included); non-Latin scripts (2–3 bytes a
 * character) fit up to about 8,000 characters a message on average.
 */
const CONVERSATION_BYTES = 24 * MiB;

export const BODY_LIMITS = {
  /**
   * tRPC calls for signed-in people. Besides conversations (rooms.saveTranscript), the largest inputs are the
   * character editor's saves (characters.update, characters.saveLorebook): real cards and lorebooks are well
   * under this; a larger lorebook can still be imported as a file, only not saved from the editor.
   */
  trpc: { maxBytes: CONVERSATION_BYTES, tooLarge: "This is more than Coterie accepts in one request (at most 24 MiB)." },
  /**
   * tRPC requests that name any procedure open to anonymous callers (sign-in, sign-up, share links, signaling
   * credentials): their inputs are a few hundred bytes, and a stranger must not make the server buffer more.
   */
  trpcPublic: { maxBytes: 64 * KiB, tooLarge: "This request is larger than Coterie accepts (at most 64 KiB)." },
  chatReply: { maxBytes: CONVERSATION_BYTES, tooLarge: "This conversation is too long to send in one request (at most 24 MiB)." },
  roomReply: { maxBytes: CONVERSATION_BYTES, tooLarge: "The room's conversation is too long to send in one request (at most 24 MiB)." },
  /**
   * One import is up to 20 files of up to 50 MiB each (MAX_FILES_PER_IMPORT, MAX_IMPORT_BYTES); a batch of
   * ordinary cards is far smaller, and four archives at the per-file cap still fit.
   */
  characterImport: { maxBytes: 200 * MiB, tooLarge: "Import at most 200 MiB at a time." },
  /** One asset, as large as the image cap allows (audio and other assets share it). */
  characterAsset: { maxBytes: ASSET_IMAGE_LIMITS.maxBytes, tooLarge: `Assets can be at most ${ASSET_IMAGE_LIMITS.maxBytes / MiB} MiB.` },
  /** Auth.js's sign-in and sign-out forms: a CSRF token and a callback URL. */
  authForm: { maxBytes: 16 * KiB, tooLarge: "This sign-in request is larger than Coterie accepts." },
  /** A profile or persona picture: re-encoded to 256 px, so a phone photo is the largest sensible upload. */
  avatar: { maxBytes: AVATAR_MAX_UPLOAD_BYTES, tooLarge: `Pictures can be at most ${AVATAR_MAX_UPLOAD_BYTES / MiB} MiB.` },
} satisfies Record<string, TBodyLimit>;
