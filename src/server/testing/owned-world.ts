/**
 * One person's world, for the IDOR matrix and the input fuzzer: a row of every kind Coterie keeps for its owner
 * (character with an asset and a lorebook, persona, provider and model, chat with messages and a memory, share
 * link, hosted room with a seat), plus a second person who owns nothing of it. An administrator signs up first,
 * so both are ordinary members, as in any install.
 */
import sharp from "sharp";
import { addCharacterAsset } from "@/server/characters/assets";
import { chatWithMessages } from "@/server/chat/chats";
import { listMemories } from "@/server/chat/memories";
import type { TDatabaseConnection } from "@/server/db/client";
import { importTestCharacter } from "./chat";
import { createTestCaller, signedUpAdministrator, signedUpCaller } from "./trpc";

export type TOwnedWorld = Awaited<ReturnType<typeof buildOwnedWorld>>;

export async function tinyPng(): Promise<Buffer> {
  return sharp({ create: { width: 4, height: 4, channels: 3, background: "#3a6" } }).png().toBuffer();
}

export async function buildOwnedWorld(connection: TDatabaseConnection) {
  const { db } = connection;
  const admin = await signedUpAdministrator(connection, "worldadmin");
  const owner = await signedUpCaller(connection, "owner");
  const other = await signedUpCaller(connection, "intruder");
  const anonymous = await createTestCaller(connection, { clientIp: "192.0.2.222" });

  const characterId = await importTestCharacter(db, owner.userId);
  const assetId = await addCharacterAsset(db, owner.userId, characterId, { type: "icon", name: "portrait", ext: "png" }, await tinyPng());
  const { id: personaId } = await owner.caller.personas.create({ name: "Ann", description: "The owner's persona.", isDefault: false });
  const { id: providerId } = await owner.caller.models.createProvider({ kind: "openai", label: "Owner's provider", baseUrl: null, apiKey: "sk-owner-secret-0001" });
  const { id: modelRowId } = await owner.caller.models.addManual({ providerId, modelId: "owner-model" });
  const { id: chatId } = await owner.caller.chats.start({ characterId, personaId: null });
  const greeting = (await chatWithMessages(db, owner.userId, chatId)).messages[0];
  if (!greeting) throw new Error("the chat has no greeting");
  await owner.caller.chats.remember({ chatId, content: "The owner likes lighthouses." });
  const [memory] = await listMemories(db, owner.userId, chatId);
  if (!memory) throw new Error("no memory");
  const share = await owner.caller.share.create({ manifest: { files: [{ path: "owner.txt", size: 5, type: "text/plain" }] }, peerId: "peer-owner-share-1", password: "owner share password" });
  const room = await owner.caller.rooms.create({ title: "Owner's room" });
  const hostSeat = await owner.caller.rooms.join({ slug: room.shortSlug, peerId: "peer-owner-host-1", character: { kind: "quick", name: "Iris", thumbnail: null } });
  const invite = await admin.caller.admin.createInvite({ expiresInHours: 24 });
  const ownerSessionId = (await owner.caller.account.devices()).find((device) => device.current)?.id;
  if (!ownerSessionId) throw new Error("no session");

  return {
    admin,
    owner,
    other,
    anonymous,
    ids: {
      userId: owner.userId,
      sessionId: ownerSessionId,
      characterId,
      assetId,
      personaId,
      providerId,
      modelRowId,
      chatId,
      messageId: greeting.id,
      memoryId: memory.id,
      shareId: share.id,
      shareSlug: share.shortSlug,
      roomId: room.id,
      roomSlug: room.shortSlug,
      participantId: hostSeat.participantId,
      inviteId: invite.id,
    },
  };
}
