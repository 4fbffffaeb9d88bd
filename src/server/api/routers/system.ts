import { z } from "zod";
import { createTRPCRouter, publicProcedure } from "@/server/api/trpc";
import { readSystemStatus } from "@/server/system/status";

const ZPartStatus = z.enum(["ok", "down"]);

export const ZSystemStatus = z.object({
  status: z.enum(["ok", "degraded"]),
  version: z.string(),
  database: z.object({ status: ZPartStatus, driver: z.enum(["postgres", "pglite"]), migrations: z.number() }),
  signaling: z.object({ status: ZPartStatus, path: z.string(), peers: z.number() }),
});

export const systemRouter = createTRPCRouter({
  status: publicProcedure
    .input(z.void())
    .output(ZSystemStatus)
    .query(({ ctx }) => readSystemStatus(ctx.db, ctx.dbDriver)),
});
