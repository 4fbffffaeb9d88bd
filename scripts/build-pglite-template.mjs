// Saves a freshly initialised, empty PGlite data directory as dist/pglite-template.tar.gz. The first start on a
// new machine unpacks it instead of running initdb, which takes seconds in WebAssembly. Migrations are still
// applied at start, so the template never goes stale with the schema.
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite/vector";
import { mkdirSync, writeFileSync } from "node:fs";

const database = new PGlite({ extensions: { vector } });
await database.waitReady;
const dump = await database.dumpDataDir("gzip");
await database.close();
mkdirSync("dist", { recursive: true });
writeFileSync("dist/pglite-template.tar.gz", Buffer.from(await dump.arrayBuffer()));
