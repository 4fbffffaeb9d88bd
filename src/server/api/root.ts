import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";
import { accountRouter } from "./routers/account";
import { authRouter } from "./routers/auth";
import { charactersRouter } from "./routers/characters";
import { personasRouter } from "./routers/personas";
import { signalingRouter } from "./routers/signaling";
import { systemRouter } from "./routers/system";

export const appRouter = createTRPCRouter({
  system: systemRouter,
  signaling: signalingRouter,
  auth: authRouter,
  account: accountRouter,
  characters: charactersRouter,
  personas: personasRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
