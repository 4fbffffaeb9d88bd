/**
 * Messages of the connection test, one versioned union validated on arrival: a peer that sends anything else
 * is talking some other protocol and is disconnected. PeerJS's default serialization carries them as values,
 * so there is no JSON frame to read here.
 */
import { z } from "zod";
import { defineProtocol, type TWithoutVersion } from "./versioned-protocol";

export const CONNECTION_TEST_PROTOCOL_VERSION = 1;
const connectionTest = defineProtocol({ name: "connection test", version: CONNECTION_TEST_PROTOCOL_VERSION });

export const ZConnectionTestMessage = z.discriminatedUnion("type", [
  connectionTest.message("ping", { id: z.string().max(64), sentAt: z.number() }),
  connectionTest.message("pong", { id: z.string().max(64), sentAt: z.number() }),
  connectionTest.message("text", { text: z.string().min(1).max(2000) }),
]);

export type TConnectionTestMessage = z.infer<typeof ZConnectionTestMessage>;
export type TConnectionTestMessageBody = TWithoutVersion<TConnectionTestMessage>;

const connectionTestCodec = connectionTest.codec(ZConnectionTestMessage);
export const decodeConnectionTestMessage = connectionTestCodec.parse;
export const stampConnectionTestMessage = connectionTestCodec.stamp;
