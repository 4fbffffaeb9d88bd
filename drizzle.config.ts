import { defineConfig } from "drizzle-kit";

// Generation only needs the schema; migrations are applied by the app at start (see src/server/db/client.ts).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/server/db/schema/index.ts",
  out: "./drizzle",
  casing: "snake_case",
});
