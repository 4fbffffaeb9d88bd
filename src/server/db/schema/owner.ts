import { text } from "drizzle-orm/pg-core";
import { users } from "./identity";

/** The owner column every user-owned table carries; deleting the user deletes the row. */
export const ownerId = () =>
  text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" });
