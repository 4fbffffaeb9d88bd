import { ZParticipantId, ZRoomId } from "@/lib/ids";
import { z } from "zod";
import { ZRoomParticipant } from "@/lib/rooms/protocol";
import { TURN_POLICIES } from "@/lib/rooms/turn-policy";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { closeRoom, createRoom, listRooms, renewRoom, roomLobby, updateRoomSettings, ZRoomCreate, ZRoomSlug } from "@/server/rooms/rooms";
import { saveRoomTranscript, ZSaveTranscript } from "@/server/rooms/save-transcript";
import { admitParticipant, joinRoom, kickParticipant, leaveRoom, recordDeparture, ZRoomAdmit, ZRoomJoin, ZRoomPeerId } from "@/server/rooms/seats";

const ZRoomRef = z.object({ roomId: ZRoomId });
const ZSeatRef = z.object({ roomId: ZRoomId, participantId: ZParticipantId });

/**
 * Rooms. Everyone here is signed in: a participant's character answers with their own provider, and the host
 * must know whom it admits. Host-only procedures check the caller hosts the room (in the service's query).
 */
export const roomsRouter = createTRPCRouter({
  create: protectedProcedure
    .input(ZRoomCreate)
    .output(z.object({ id: z.string(), shortSlug: z.string(), longSlug: z.string(), expiresAt: z.date() }))
    .mutation(({ ctx, input }) => createRoom(ctx.db, ctx.session.user.id, input)),

  list: protectedProcedure.input(z.void()).query(({ ctx }) => listRooms(ctx.db, ctx.session.user.id)),

  lobby: protectedProcedure.input(z.object({ slug: ZRoomSlug })).query(({ ctx, input }) => roomLobby(ctx.db, ctx.session.user.id, input.slug)),

  join: protectedProcedure
    .input(ZRoomJoin)
    .output(z.object({ roomId: z.string(), participantId: z.string(), isHost: z.boolean(), hostPeerId: z.string(), ticket: z.string() }))
    .mutation(({ ctx, input }) => joinRoom(ctx.db, ctx.session.user.id, input)),

  admit: protectedProcedure
    .input(ZRoomAdmit)
    .output(ZRoomParticipant.omit({ connected: true, muted: true }).extend({ talkativeness: z.number() }))
    .mutation(({ ctx, input }) => admitParticipant(ctx.db, ctx.session.user.id, input)),

  renew: protectedProcedure
    .input(ZRoomRef)
    .output(z.object({ expiresAt: z.date(), seated: z.array(z.string()) }))
    .mutation(({ ctx, input }) => renewRoom(ctx.db, ctx.session.user.id, input.roomId)),

  updateSettings: protectedProcedure
    .input(ZRoomRef.extend({ turnPolicy: z.enum(TURN_POLICIES), maxAiRepliesPerMessage: z.number().int().min(0).max(8) }))
    .mutation(({ ctx, input: { roomId, ...settings } }) => updateRoomSettings(ctx.db, ctx.session.user.id, roomId, settings)),

  leave: protectedProcedure.input(ZRoomRef).mutation(({ ctx, input }) => leaveRoom(ctx.db, ctx.session.user.id, input.roomId)),

  recordDeparture: protectedProcedure
    .input(ZSeatRef.extend({ peerId: ZRoomPeerId }))
    .mutation(({ ctx, input }) => recordDeparture(ctx.db, ctx.session.user.id, input.roomId, input.participantId, input.peerId)),

  kick: protectedProcedure.input(ZSeatRef).mutation(({ ctx, input }) => kickParticipant(ctx.db, ctx.session.user.id, input.roomId, input.participantId)),

  close: protectedProcedure.input(ZRoomRef).mutation(({ ctx, input }) => closeRoom(ctx.db, ctx.session.user.id, input.roomId)),

  saveTranscript: protectedProcedure
    .input(ZSaveTranscript)
    .output(z.object({ chatId: z.string() }))
    .mutation(({ ctx, input }) => saveRoomTranscript(ctx.db, ctx.session.user.id, input)),
});
