/**
 * Running the instance: invite links, one-time password-reset links and the instance's own settings. Links are
 * stored as SHA-256 hashes of their tokens, like sessions: the token exists only in the link the administrator
 * copies, so reading this table gives nobody a way in.
 */
import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { newId } from "@/server/db/ids";
import { createdAt } from "./columns";
import { users } from "./identity";

/** Single-use links that let a new person create an account while registration is invite-only. */
export const invites = pgTable(
  "invites",
  {
    id: text("id")
      .primaryKey()
      .$defaultFn(() => newId("inv")),
    tokenHash: text("token_hash").notNull().unique(),
    /** Who the administrator meant it for; shown in the list only. */
    label: text("label"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    usedBy: text("used_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [index("invites_created_at_idx").on(table.createdAt)],
);

/** A link an administrator hands to someone who lost their password; using it sets a new one. */
export const passwordResetLinks = pgTable(
  "password_reset_links",
  {
    id: text("id")
      .primaryKey()
      .$defaultFn(() => newId("pwr")),
    tokenHash: text("token_hash").notNull().unique(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [index("password_reset_links_user_id_idx").on(table.userId)],
);

/** Instance-wide settings an administrator changes at run time; each key's value is validated where it is read. */
export const instanceSettings = pgTable("instance_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
