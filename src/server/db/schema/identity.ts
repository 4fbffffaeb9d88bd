/**
 * Accounts and sign-in. Property names follow what @auth/drizzle-adapter expects (the OAuth flows write
 * through it); column names are snake_case like every other table.
 */
import { relations, sql } from "drizzle-orm";
import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { newId } from "@/server/db/ids";
import { bytea, createdAt } from "./columns";

/** An administrator runs the instance (accounts, invites, registration); everyone else is a member. */
export const USER_ROLES = ["admin", "member"] as const;
export type TUserRole = (typeof USER_ROLES)[number];

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("usr")),
    /** Sign-in name for password accounts; OAuth-only accounts may not have one. Unique without case. */
    username: text("username"),
    /** Display name. */
    name: text("name"),
    email: text("email"),
    emailVerified: timestamp("email_verified", { withTimezone: true, mode: "date" }),
    image: text("image"),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    /** The first account becomes "admin" (see server/operators/registration.ts). */
    role: text("role").$type<TUserRole>().notNull().default("member"),
    /** Set by an administrator: while set, the account cannot sign in by any method and has no sessions. */
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("users_username_lower_idx").on(sql`lower(${table.username})`),
    uniqueIndex("users_email_idx").on(table.email),
  ],
);

export const accounts = pgTable(
  "accounts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").$type<"oauth" | "oidc" | "email" | "webauthn">().notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.provider, table.providerAccountId] }),
    index("accounts_user_id_idx").on(table.userId),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    /**
     * SHA-256 (hex) of the cookie's value (256 random bits). The value itself is stored nowhere, so a copy of
     * this table signs nobody in; a hash without a salt is enough for a secret that is already random.
     */
    tokenHash: text("token_hash").primaryKey(),
    /** What the devices list shows and revokes by, so the token itself is never sent to the page. */
    id: text("id")
      .notNull()
      .unique()
      .$defaultFn(() => newId("ses")),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires: timestamp("expires", { withTimezone: true, mode: "date" }).notNull(),
    deviceLabel: text("device_label"),
    /** The address the device last came from (as the server or its trusted proxy saw it), shown on the devices list. */
    lastAddress: text("last_address"),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("sessions_user_id_idx").on(table.userId)],
);

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.identifier, table.token] })],
);

export const passwordCredentials = pgTable("password_credentials", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  /** argon2id, PHC string format (algorithm, parameters and salt included). */
  passwordHash: text("password_hash").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A user's picture, already resized and re-encoded by the server (see server/images/avatar-image.ts). */
export const userAvatars = pgTable("user_avatars", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  content: bytea("content").notNull(),
  contentType: text("content_type").notNull(),
  sha256: text("sha256").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const usersRelations = relations(users, ({ many, one }) => ({
  accounts: many(accounts),
  sessions: many(sessions),
  passwordCredential: one(passwordCredentials),
}));

export const accountsRelations = relations(accounts, ({ one }) => ({
  user: one(users, { fields: [accounts.userId], references: [users.id] }),
}));

export const sessionsRelations = relations(sessions, ({ one }) => ({
  user: one(users, { fields: [sessions.userId], references: [users.id] }),
}));

export const passwordCredentialsRelations = relations(passwordCredentials, ({ one }) => ({
  user: one(users, { fields: [passwordCredentials.userId], references: [users.id] }),
}));
