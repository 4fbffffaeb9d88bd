/** The administrator's page: accounts, invites, registration and the allowed private provider hosts. */
import { z } from "zod";
import { ZRegistrationMode } from "@/lib/operators/registration-mode";
import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { USER_ROLES } from "@/server/db/schema";
import { deleteAccountAsAdministrator, listAccounts, setAccountDisabled, setAccountRole } from "@/server/operators/accounts";
import { createInvite, listInvites, revokeInvite, ZCreateInvite } from "@/server/operators/invites";
import { createPasswordResetLink } from "@/server/operators/password-reset-links";
import { ZPrivateHostRules } from "@/server/operators/private-host-rule";
import { allowedPrivateHostsSetting, setAllowedPrivateHosts } from "@/server/operators/private-hosts";
import { registrationState, setRegistrationMode } from "@/server/operators/registration";
import { ZInviteId, ZUserId } from "@/lib/ids";

const ZRole = z.enum(USER_ROLES);

const ZAccountSummary = z.object({
  id: z.string(),
  username: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  role: ZRole,
  disabled: z.boolean(),
  createdAt: z.date(),
  lastLoginAt: z.date().nullable(),
  hasPassword: z.boolean(),
  providers: z.array(z.string()),
  signedInDevices: z.number(),
});

const ZInviteSummary = z.object({
  id: z.string(),
  label: z.string().nullable(),
  createdAt: z.date(),
  expiresAt: z.date(),
  status: z.enum(["active", "used", "expired", "revoked"]),
  usedAt: z.date().nullable(),
  usedBy: z.object({ username: z.string().nullable(), name: z.string().nullable() }).nullable(),
});

/** A token shown to the administrator once, to put in a link; only its hash is kept. */
const ZOneTimeToken = z.object({ token: z.string(), expiresAt: z.date() });

export const adminRouter = createTRPCRouter({
  accounts: adminProcedure
    .input(z.void())
    .output(z.array(ZAccountSummary))
    .query(({ ctx }) => listAccounts(ctx.db)),

  setAccountDisabled: adminProcedure
    .input(z.object({ userId: ZUserId, disabled: z.boolean() }))
    .output(z.void())
    .mutation(({ ctx, input }) => setAccountDisabled(ctx.db, ctx.session.user.id, input.userId, input.disabled)),

  setAccountRole: adminProcedure
    .input(z.object({ userId: ZUserId, role: ZRole }))
    .output(z.void())
    .mutation(({ ctx, input }) => setAccountRole(ctx.db, ctx.session.user.id, input.userId, input.role)),

  deleteAccount: adminProcedure
    .input(z.object({ userId: ZUserId }))
    .output(z.void())
    .mutation(({ ctx, input }) => deleteAccountAsAdministrator(ctx.db, ctx.session.user.id, input.userId)),

  createPasswordResetLink: adminProcedure
    .input(z.object({ userId: ZUserId }))
    .output(ZOneTimeToken)
    .mutation(({ ctx, input }) => createPasswordResetLink(ctx.db, ctx.session.user.id, input.userId)),

  invites: adminProcedure
    .input(z.void())
    .output(z.array(ZInviteSummary))
    .query(({ ctx }) => listInvites(ctx.db)),

  createInvite: adminProcedure
    .input(ZCreateInvite)
    .output(ZOneTimeToken.extend({ id: z.string() }))
    .mutation(({ ctx, input }) => createInvite(ctx.db, ctx.session.user.id, input)),

  revokeInvite: adminProcedure
    .input(z.object({ id: ZInviteId }))
    .output(z.void())
    .mutation(({ ctx, input }) => revokeInvite(ctx.db, input.id)),

  registration: adminProcedure
    .input(z.void())
    .output(z.object({ mode: ZRegistrationMode, fixedByConfiguration: z.boolean() }))
    .query(({ ctx }) => registrationState(ctx.db)),

  setRegistrationMode: adminProcedure
    .input(z.object({ mode: ZRegistrationMode }))
    .output(z.void())
    .mutation(({ ctx, input }) => setRegistrationMode(ctx.db, input.mode)),

  privateHosts: adminProcedure
    .input(z.void())
    .output(z.array(z.string()))
    .query(({ ctx }) => allowedPrivateHostsSetting(ctx.db)),

  setPrivateHosts: adminProcedure
    .input(z.object({ hosts: ZPrivateHostRules }))
    .output(z.array(z.string()))
    .mutation(async ({ ctx, input }) => {
      await setAllowedPrivateHosts(ctx.db, input.hosts);
      return input.hosts;
    }),
});
