/**
 * A throwaway PostgreSQL server of our own, for tests and benchmarks that stop and start the database: initdb
 * into a temporary directory, listening on 127.0.0.1 on a free port with its Unix socket in that directory,
 * never the machine's own cluster (other people's databases live there). Built from the server binaries of the
 * newest installed major version, with pgvector (installed for it by .ci/system-deps.sh). As root, every
 * PostgreSQL command runs as the `postgres` OS user, which owns the directory. `destroy()` stops it and removes
 * the directory; if the process exits first, an exit hook does the same.
 */
import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const POSTGRESQL_ROOT = "/usr/lib/postgresql";

export type TPostgresCluster = {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication, loopback only). */
  url: string;
  port: number;
  /** Stops the server (fast shutdown: sessions are terminated, committed work is kept) and waits until it is gone. */
  stop: () => Promise<void>;
  /** Starts it again on the same port and data, and waits until it accepts connections. */
  start: () => Promise<void>;
  /** Stops the server if it runs and removes its directory. */
  destroy: () => Promise<void>;
};

/** The bin directory of the newest installed PostgreSQL, or an error that says what to install. */
export function postgresBinaries(): string {
  const majors = existsSync(POSTGRESQL_ROOT) ? readdirSync(POSTGRESQL_ROOT).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(a) - Number(b)) : [];
  const bin = majors.length ? path.join(POSTGRESQL_ROOT, majors[majors.length - 1]!, "bin") : null;
  if (!bin || !existsSync(path.join(bin, "initdb")) || !existsSync(path.join(bin, "pg_ctl"))) {
    throw new Error(
      `PostgreSQL server binaries (initdb, pg_ctl) were not found under ${POSTGRESQL_ROOT}/<major>/bin. ` +
        "This test starts and stops a PostgreSQL server of its own: install the `postgresql` package (.ci/run does), with pgvector (.ci/system-deps.sh).",
    );
  }
  const extensions = path.join(execFileSync(path.join(bin, "pg_config"), ["--sharedir"], { encoding: "utf8" }).trim(), "extension");
  if (!existsSync(path.join(extensions, "vector.control"))) {
    throw new Error(`pgvector is not installed for ${bin} (no vector.control in ${extensions}): run .ci/system-deps.sh.`);
  }
  return bin;
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port"))));
    });
  });
}

export async function startPostgresCluster(): Promise<TPostgresCluster> {
  const bin = postgresBinaries();
  const asRoot = process.getuid?.() === 0;
  const directory = mkdtempSync(path.join(tmpdir(), "coterie-pg-"));
  const dataDir = path.join(directory, "data");
  const logFile = path.join(directory, "server.log");
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(directory, uid, gid);
  }
  // PostgreSQL refuses to run as root; the postgres user owns the directory and runs every command.
  const command = (name: string, args: string[]): [string, string[]] => (asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, name), ...args]] : [path.join(bin, name), args]);
  const pgCtl = (args: string[]) => {
    const [file, argv] = command("pg_ctl", ["-D", dataDir, ...args]);
    return run(file, argv);
  };

  const port = await freeLoopbackPort();
  let running = false;
  const removeNow = () => {
    if (running) {
      const [file, argv] = command("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      try {
        execFileSync(file, argv, { stdio: "ignore" });
      } catch {
        // Already gone.
      }
      running = false;
    }
    rmSync(directory, { recursive: true, force: true });
  };
  process.once("exit", removeNow);

  const start = async () => {
    const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${directory}`;
    await pgCtl(["-l", logFile, "-o", options, "-w", "-t", "60", "start"]);
    running = true;
  };
  try {
    const [initdb, initdbArgs] = command("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions"]);
    await run(initdb, initdbArgs);
    await start();
  } catch (error) {
    process.off("exit", removeNow);
    removeNow();
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop: async () => {
      await pgCtl(["-m", "fast", "-w", "-t", "60", "stop"]);
      running = false;
    },
    destroy: async () => {
      process.off("exit", removeNow);
      if (running) await pgCtl(["-m", "fast", "-w", "stop"]).catch(() => undefined);
      running = false;
      removeNow();
    },
  };
}
