import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveSession } from "@/server/auth/sessions";
import { appliedMigrationCount, MIGRATIONS_FOLDER, rows } from "@/server/db/client";
import { createTestDatabase, describeWithDatabases, testDatabaseDrivers, type TTestDatabase } from "@/server/testing/databases";

type TJournal = { entries: { tag: string }[] };
const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as TJournal;

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

/** A copy of `drizzle/` whose journal stops just before `tag`: a database as an older release left it. */
function migrationsBefore(tag: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), "coterie-migrations-"));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const index = journal.entries.findIndex((entry) => entry.tag === tag);
  if (index < 0) throw new Error(`no migration ${tag}`);
  writeFileSync(path.join(folder, "meta/_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.slice(0, index) }));
  return folder;
}

for (const driver of testDatabaseDrivers()) {
  describe(`upgrading to accounts and operator control [${driver}]`, () => {
    const olderRelease = migrationsBefore("0007_accounts_and_operator_control");
    let handle: TTestDatabase | undefined;
    const db = () => {
      if (!handle) throw new Error("test database is not ready");
      return handle.connection.db;
    };
    const rawToken = "Uq7bH0m2zCkS4Jt9xYwR1eNvPa6LdGfQoI3sT8u5VcE";

    beforeAll(async () => {
      handle = await createTestDatabase(driver, { migrationsFolder: olderRelease });
      // What the older release stored: the cookie's value itself, and no roles.
      await db().execute(sql`insert into users (id, username, created_at) values
        ('usr_newer', 'newer', now() - interval '1 day'), ('usr_oldest', 'oldest', now() - interval '30 days')`);
      await db().execute(sql`insert into sessions (session_token, id, user_id, expires) values
        (${rawToken}, 'ses_kept', 'usr_newer', now() + interval '20 days')`);
      await handle.connection.migrate();
    });
    afterAll(async () => {
      await handle?.dispose();
      rmSync(olderRelease, { recursive: true, force: true });
    });

    it("keeps people signed in: their cookie resolves to the same session, now stored by its hash", async () => {
      const resolved = await resolveSession(db(), rawToken, new Headers());
      expect(resolved).toMatchObject({ sessionId: "ses_kept", user: { id: "usr_newer" } });
      const stored = rows<{ token_hash: string }>(await db().execute(sql`select token_hash from sessions`));
      expect(stored.map((row) => row.token_hash)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
      expect(JSON.stringify(stored)).not.toContain(rawToken);
    });

    it("makes the oldest account the administrator and everyone else a member", async () => {
      const roles = rows<{ id: string; role: string }>(await db().execute(sql`select id, role from users order by id`));
      expect(roles).toEqual([
        { id: "usr_newer", role: "member" },
        { id: "usr_oldest", role: "admin" },
      ]);
    });
  });
}
