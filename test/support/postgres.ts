/**
 * A throw-away PostgreSQL server for the tests: Debian's `postgresql` binaries (installed by .ci/run when
 * missing), a fresh cluster in a temp dir, a free port on 127.0.0.1, trust authentication for one role. As root
 * (CI) the server runs as the unprivileged `postgres` user (or `nobody`), since PostgreSQL refuses to run as root.
 * No mock and no in-process emulation: the multi-instance tests need real concurrent connections.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { freePort } from "./free-port.ts";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export interface TestPostgres {
  /** postgres://bot@127.0.0.1:PORT/postgres */
  adminUrl: string;
  port: number;
  /** A new empty database; returns its URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

const ROLE = "bot";

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error("PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin: install Debian's postgresql package (apt-get install -y postgresql; .ci/run does it)");
  return join(root, newest, "bin");
}

/** The uid/gid to run the server as: ours, unless we are root. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
      if (Number.isInteger(uid) && uid > 0) return { uid, gid };
    } catch {
      // try the next one
    }
  }
  throw new Error("running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as");
}


async function waitUntilReady(url: string, server: ChildProcess, output: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`PostgreSQL exited with ${server.exitCode}:\n${output.join("").slice(-2000)}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query("SELECT 1");
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms:\n${output.join("").slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

let counter = 0;

/** Creates a new empty database on the server at `adminUrl`; returns its URL. */
export async function createDatabaseOn(adminUrl: string, name = `t_${process.pid}_${++counter}_${Date.now().toString(36)}`): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), "visite-pg-"));
  const data = join(dir, "data");
  const sockets = join(dir, "sockets");
  mkdirSync(sockets);
  chmodSync(dir, 0o755);
  if (user) {
    chownSync(dir, user.uid, user.gid);
    chownSync(sockets, user.uid, user.gid);
  }
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  execFileSync(join(bin, "initdb"), ["-D", data, "-U", ROLE, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"], { ...as, stdio: "pipe", env: { PATH: process.env.PATH ?? "", LANG: "C" } });
  const port = await freePort();
  const output: string[] = [];
  const server = spawn(
    join(bin, "postgres"),
    // Durability is not what these tests measure: fsync off keeps a shared CI machine fast.
    ["-D", data, "-p", String(port), "-k", sockets, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300"],
    { ...as, stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env.PATH ?? "", LANG: "C" } },
  );
  server.stdout?.on("data", (c: Buffer) => output.push(c.toString()));
  server.stderr?.on("data", (c: Buffer) => output.push(c.toString()));
  const adminUrl = `postgres://${ROLE}@127.0.0.1:${port}/postgres`;
  const exited = new Promise<void>((ok) => server.once("exit", () => ok()));
  try {
    await waitUntilReady(adminUrl, server, output, 30_000);
  } catch (error) {
    server.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    adminUrl,
    port,
    createDatabase: (name?: string) => createDatabaseOn(adminUrl, name),
    async stop() {
      if (server.exitCode === null) {
        server.kill("SIGINT"); // fast shutdown
        const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
