/**
 * What every Coterie data channel protocol (share, rooms, connection test) does the same way: messages carry
 * their protocol's version `v` and a `type`, are checked against one zod union on arrival, and are stamped with
 * the version on the way out. A peer on another version is refused by name rather than misread.
 */
import { z } from "zod";

/** A data channel message as its sender writes it: the codec stamps the version on the way out. */
export type TWithoutVersion<T> = T extends unknown ? Omit<T, "v"> : never;

export type TDecoded<T> = { ok: true; message: T } | { ok: false; reason: string };

type TVersioned = { v: number; type: string };

/** A protocol's message helper and codecs; `name` words the reasons ("Unsupported share protocol version 3."). */
export function defineProtocol<const TVersion extends number>({ name, version }: { name: string; version: TVersion }) {
  /** One message of this protocol: its fields, with `v` and `type` added. */
  const message = <const TType extends string, TShape extends z.ZodRawShape>(type: TType, shape: TShape) =>
    z.object({ v: z.literal(version), type: z.literal(type), ...shape });

  /** For a channel that carries values (PeerJS's own serialization): checks what arrives, stamps what leaves. */
  function codec<TMessage extends TVersioned>(schema: z.ZodType<TMessage>) {
    function parse(value: unknown): TDecoded<TMessage> {
      const parsed = schema.safeParse(value);
      if (parsed.success) return { ok: true, message: parsed.data };
      const sentVersion = (value as { v?: unknown } | null)?.v;
      if (sentVersion !== version) return { ok: false, reason: `Unsupported ${name} protocol version ${String(sentVersion)}.` };
      return { ok: false, reason: `An invalid ${name} message was received.` };
    }
    /** The message as it goes out, version first. */
    const stamp = (body: TWithoutVersion<TMessage>) => ({ v: version, ...body }) as TMessage;
    return { parse, stamp };
  }

  /** For a raw channel of JSON text frames: a frame that is too long, not text or not JSON is refused unread. */
  function jsonCodec<TMessage extends TVersioned>(schema: z.ZodType<TMessage>, { maxFrameChars }: { maxFrameChars: number }) {
    const { parse, stamp } = codec(schema);
    function decode(data: unknown): TDecoded<TMessage> {
      if (typeof data !== "string" || data.length > maxFrameChars) return { ok: false, reason: `Unexpected data on the ${name} channel.` };
      let json: unknown;
      try {
        json = JSON.parse(data);
      } catch {
        return { ok: false, reason: `A ${name} message was not JSON.` };
      }
      return parse(json);
    }
    const encode = (body: TWithoutVersion<TMessage>) => JSON.stringify(stamp(body));
    return { decode, encode };
  }

  return { message, codec, jsonCodec };
}
