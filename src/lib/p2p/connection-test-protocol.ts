/**
 * Messages of the connection test, one versioned union validated on arrival: a peer that sends anything else
 * is talking some other protocol and is disconnected.
 */
import { z } from "zod";

export const CONNECTION_TEST_PROTOCOL_VERSION = 1;

export const ZConnectionTestMessage = z.discriminatedUnion("type", [
  z.object({ v: z.literal(1), type: z.literal("ping"), id: z.string().max(64), sentAt: z.number() }),
  z.object({ v: z.literal(1), type: z.literal("pong"), id: z.string().max(64), sentAt: z.number() }),
  z.object({ v: z.literal(1), type: z.literal("text"), text: z.string().min(1).max(2000) }),
]);

export type TConnectionTestMessage = z.infer<typeof ZConnectionTestMessage>;

export function decodeConnectionTestMessage(data: unknown): TConnectionTestMessage | null {
  const parsed = ZConnectionTestMessage.safeParse(data);
  return parsed.success ? parsed.data : null;
}
