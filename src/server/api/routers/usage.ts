import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { summarizeUsage } from "@/server/usage/usage-events";

const ZTimeZone = z
  .string()
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "Unknown time zone.");

export const usageRouter = createTRPCRouter({
  summary: protectedProcedure
    .input(z.object({ days: z.number().int().min(1).max(366).default(30), timeZone: ZTimeZone.default("UTC") }))
    .query(({ ctx, input }) => summarizeUsage(ctx.db, ctx.session.user.id, input)),
});
