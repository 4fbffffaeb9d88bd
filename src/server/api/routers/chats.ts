import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { toMessageView } from "@/server/chat/generate/message-view";
import { translateMessage, ZLanguageTag } from "@/server/chat/generate/translate-message";
import { chatRevision, chatWithMessages, deleteChat, forkChat, listChats, ownedChat, startChat, updateChat, writableChat, ZChatListQuery, ZChatStart } from "@/server/chat/chats";
import { addMemory, deleteMemory, listMemories, ZMemoryContent } from "@/server/chat/memories";
import { deleteMessage, editMessage, selectSwipe, showTranslation } from "@/server/chat/messages";
import { ZMessageContent } from "@/lib/chat/message-length";
import { enforceRateLimit } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";
import { ZChatId, ZMemoryId, ZMessageId, ZPersonaId } from "@/lib/ids";


/** Chats and their messages; replies themselves stream from /api/chats/reply. */
export const chatsRouter = createTRPCRouter({
  list: protectedProcedure.input(ZChatListQuery).query(({ ctx, input }) => listChats(ctx.db, ctx.session.user.id, input)),

  byId: protectedProcedure.input(z.object({ id: ZChatId })).query(async ({ ctx, input }) => {
    const { chat, character, persona, messages } = await chatWithMessages(ctx.db, ctx.session.user.id, input.id);
    const { userId: _userId, ...chatView } = chat;
    return { chat: chatView, character, persona, messages: messages.map(toMessageView) };
  }),

  revision: protectedProcedure
    .input(z.object({ id: ZChatId }))
    .output(z.object({ revision: z.number() }))
    .query(async ({ ctx, input }) => ({ revision: await chatRevision(ctx.db, ctx.session.user.id, input.id) })),

  start: protectedProcedure
    .input(ZChatStart)
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => ({ id: await startChat(ctx.db, ctx.session.user.id, input) })),

  update: protectedProcedure
    .input(
      z.object({
        id: ZChatId,
        title: z.string().trim().min(1, "Enter a title.").max(120, "Use at most 120 characters.").optional(),
        archived: z.boolean().optional(),
        personaId: ZPersonaId.nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { id, ...changes } = input;
      return updateChat(ctx.db, ctx.session.user.id, id, changes);
    }),

  delete: protectedProcedure.input(z.object({ id: ZChatId })).mutation(({ ctx, input }) => deleteChat(ctx.db, ctx.session.user.id, input.id)),

  fork: protectedProcedure
    .input(z.object({ messageId: ZMessageId }))
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => ({ id: await forkChat(ctx.db, ctx.session.user.id, input.messageId) })),

  editMessage: protectedProcedure
    .input(z.object({ id: ZMessageId, content: ZMessageContent }))
    .mutation(({ ctx, input }) => editMessage(ctx.db, ctx.session.user.id, input.id, input.content)),

  deleteMessage: protectedProcedure.input(z.object({ id: ZMessageId })).mutation(({ ctx, input }) => deleteMessage(ctx.db, ctx.session.user.id, input.id)),

  selectSwipe: protectedProcedure.input(z.object({ id: ZMessageId })).mutation(({ ctx, input }) => selectSwipe(ctx.db, ctx.session.user.id, input.id)),

  translate: protectedProcedure
    .input(z.object({ id: ZMessageId, language: ZLanguageTag }))
    .output(z.object({ translatedContent: z.string(), translatedLanguage: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await enforceRateLimit(ctx.db, "generate", ctx.session.user.id, RATE_LIMITS.generationsPerUser);
      return translateMessage(ctx.db, ctx.session.user.id, input.id, input.language);
    }),

  showTranslation: protectedProcedure
    .input(z.object({ id: ZMessageId, show: z.boolean() }))
    .mutation(({ ctx, input }) => showTranslation(ctx.db, ctx.session.user.id, input.id, input.show)),

  memories: protectedProcedure.input(z.object({ chatId: ZChatId })).query(async ({ ctx, input }) => {
    await ownedChat(ctx.db, ctx.session.user.id, input.chatId);
    return listMemories(ctx.db, ctx.session.user.id, input.chatId);
  }),

  remember: protectedProcedure
    .input(z.object({ chatId: ZChatId, content: ZMemoryContent }))
    .output(z.object({ evicted: z.array(z.string()) }))
    .mutation(async ({ ctx, input }) => {
      await writableChat(ctx.db, ctx.session.user.id, input.chatId);
      return addMemory(ctx.db, ctx.session.user.id, input.chatId, input.content);
    }),

  forget: protectedProcedure.input(z.object({ id: ZMemoryId })).mutation(({ ctx, input }) => deleteMemory(ctx.db, ctx.session.user.id, input.id)),
});
