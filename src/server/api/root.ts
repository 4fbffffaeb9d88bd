import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";
import { signalingRouter } from "./routers/signaling";
import { systemRouter } from "./routers/system";

export const appRouter = createTRPCRouter({
  system: systemRouter,
  signaling: signalingRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
