import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";
import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { authRouter } from "./routers/auth";
import { charactersRouter } from "./routers/characters";
import { chatsRouter } from "./routers/chats";
import { modelsRouter } from "./routers/models";
import { personasRouter } from "./routers/personas";
import { roomsRouter } from "./routers/rooms";
import { shareRouter } from "./routers/share";
import { signalingRouter } from "./routers/signaling";
import { systemRouter } from "./routers/system";
import { usageRouter } from "./routers/usage";

export const appRouter = createTRPCRouter({
  system: systemRouter,
  signaling: signalingRouter,
  auth: authRouter,
  account: accountRouter,
  admin: adminRouter,
  characters: charactersRouter,
  personas: personasRouter,
  models: modelsRouter,
  chats: chatsRouter,
  usage: usageRouter,
  share: shareRouter,
  rooms: roomsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
