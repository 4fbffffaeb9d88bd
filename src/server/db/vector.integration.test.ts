import { asc, cosineDistance, sql } from "drizzle-orm";
import { integer, pgTable, text, vector } from "drizzle-orm/pg-core";
import { beforeAll, expect, it } from "vitest";
import { describeWithDatabases } from "@/server/testing/databases";

// A scratch table, created by the test, so the check does not depend on any feature's schema.
const probes = pgTable("vector_probe", {
  id: integer("id").primaryKey(),
  label: text("label").notNull(),
  embedding: vector("embedding", { dimensions: 3 }).notNull(),
});

describeWithDatabases("pgvector", (database) => {
  beforeAll(async () => {
    const { db } = database();
    await db.execute(sql`create table vector_probe (id integer primary key, label text not null, embedding vector(3) not null)`);
    await db.insert(probes).values([
      { id: 1, label: "east", embedding: [1, 0, 0] },
      { id: 2, label: "north", embedding: [0, 1, 0] },
      { id: 3, label: "north-east", embedding: [1, 1, 0] },
      { id: 4, label: "west", embedding: [-1, 0, 0] },
    ]);
  });

  it("orders rows by cosine distance", async () => {
    const { db } = database();
    const query = [0.9, 0.1, 0];
    const distance = cosineDistance(probes.embedding, query);
    const nearest = await db
      .select({ label: probes.label, distance: sql<number>`${distance}` })
      .from(probes)
      .orderBy(asc(distance));
    expect(nearest.map((row) => row.label)).toEqual(["east", "north-east", "north", "west"]);
    expect(Number(nearest[0]?.distance)).toBeCloseTo(1 - 0.9 / Math.hypot(0.9, 0.1), 5);
    expect(Number(nearest[3]?.distance)).toBeCloseTo(1 + 0.9 / Math.hypot(0.9, 0.1), 5);
  });

  it("serves the same query through an HNSW index", async () => {
    const { db } = database();
    await db.execute(sql`create index vector_probe_hnsw on vector_probe using hnsw (embedding vector_cosine_ops)`);
    const [nearest] = await db
      .select({ label: probes.label })
      .from(probes)
      .orderBy(asc(cosineDistance(probes.embedding, [0, 0.8, 0.1])))
      .limit(1);
    expect(nearest?.label).toBe("north");
  });
});
