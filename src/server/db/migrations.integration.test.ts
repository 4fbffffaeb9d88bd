import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { appliedMigrationCount, MIGRATIONS_FOLDER, rows } from "@/server/db/client";
import { describeWithDatabases } from "@/server/testing/databases";

const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
  entries: { tag: string }[];
};

describeWithDatabases("migrations", (database) => {
  it("apply every committed migration, vector extension first", async () => {
    const { db } = database();
    expect(await appliedMigrationCount(db)).toBe(journal.entries.length);
    const extensions = rows<{ extname: string }>(await db.execute(sql`select extname from pg_extension`));
    expect(extensions.map((row) => row.extname)).toContain("vector");
    const first = readFileSync(path.join(MIGRATIONS_FOLDER, `${journal.entries[0]?.tag}.sql`), "utf8");
    expect(first).toMatch(/^(--.*\n)*CREATE EXTENSION IF NOT EXISTS vector;/);
  });

  it("are idempotent: applying again changes nothing", async () => {
    const connection = database();
    await connection.migrate();
    expect(await appliedMigrationCount(connection.db)).toBe(journal.entries.length);
  });
});
