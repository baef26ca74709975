import { execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../src/store/migrations.ts";
import { SqliteStore } from "../../src/store/sqlite-store.ts";
import { StoreError } from "../../src/store/types.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const T0 = new Date("2025-07-28T10:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);

const dirs: string[] = [];
const stores: SqliteStore[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "visite-store-"));
  dirs.push(dir);
  return dir;
}

function open(dir: string): SqliteStore {
  const store = SqliteStore.open(dir);
  stores.push(store);
  return store;
}

/** The raw database, for checks the store does not expose. */
function raw(dir: string): Database.Database {
  return new Database(join(dir, "bot.sqlite"), { readonly: true });
}

/** A small disk for the test needs root and a kernel that lets this container mount; elsewhere the test is skipped. */
function canMountTmpfs(): boolean {
  if (process.platform !== "linux" || process.getuid?.() !== 0) return false;
  const dir = mkdtempSync(join(tmpdir(), "visite-mount-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir], { stdio: "ignore" });
    execFileSync("umount", [dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

afterAll(() => {
  for (const d of dirs) {
    try {
      chmodSync(d, 0o755);
    } catch {
      // already gone
    }
    rmSync(d, { recursive: true, force: true });
  }
});

describe("opening and migrations", () => {
  it("creates the schema on first open and records user_version", async () => {
    const dir = tempDir();
    const store = open(dir);
    expect(store.file).toBe(join(dir, "bot.sqlite"));
    await store.close();
    const db = raw(dir);
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1]?.version);
      expect(db.pragma("user_version", { simple: true })).toBe(4);
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(["broadcasts", "outbox", "subscribers"]));
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      db.close();
    }
  });

  it("creates a missing DATA_DIR, nested", async () => {
    const dir = join(tempDir(), "a", "b", "data");
    const store = open(dir);
    expect(await store.countActive()).toBe(0);
  });

  it("keeps subscriptions across a restart and does not re-run migrations", async () => {
    const dir = tempDir();
    const first = open(dir);
    await first.subscribe(1, "private", T0);
    await first.subscribe(-100, "supergroup", T0);
    await first.unsubscribe(-100, later(1000));
    await first.close();

    const second = open(dir);
    expect(await second.countActive()).toBe(1);
    expect(await second.getSubscriber(1)).toMatchObject({ chatId: 1, chatType: "private", active: true, subscribedAt: T0.toISOString() });
    expect(await second.getSubscriber(-100)).toMatchObject({ active: false, unsubscribedAt: later(1000).toISOString() });
    await second.close();
    const db = raw(dir);
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(4);
    } finally {
      db.close();
    }
  });

  it("refuses a corrupt database file with a message saying what to do", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bot.sqlite"), Buffer.from("this is definitely not a sqlite database, just garbage bytes ".repeat(200)));
    const error = catchError(() => SqliteStore.open(dir));
    expect(error).toBeInstanceOf(StoreError);
    const message = (error as Error).message;
    expect(message).toMatch(/corrupt/i);
    expect(message).toContain(join(dir, "bot.sqlite"));
    expect(message).toMatch(/backup|move the file aside/i);
  });

  it("refuses a DATA_DIR that cannot be created, naming DATA_DIR", () => {
    const parent = tempDir();
    const file = join(parent, "a-regular-file");
    writeFileSync(file, "not a directory");
    const dataDir = join(file, "data");
    const error = catchError(() => SqliteStore.open(dataDir));
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain("DATA_DIR");
    expect((error as Error).message).toContain(dataDir);
  });

  // chmod does not stop root from writing, so this case only means something for a normal user.
  it.skipIf(process.getuid?.() === 0)("refuses a read-only DATA_DIR, naming DATA_DIR", () => {
    const dir = tempDir();
    chmodSync(dir, 0o555);
    const error = catchError(() => SqliteStore.open(dir));
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain("DATA_DIR");
  });

  it("refuses a schema version newer than the program knows", async () => {
    const dir = tempDir();
    await open(dir).close();
    const db = new Database(join(dir, "bot.sqlite"));
    db.pragma("user_version = 7");
    db.close();
    const error = catchError(() => SqliteStore.open(dir));
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/schema version 7/);
    expect((error as Error).message).toMatch(/newer/);
  });
});

describe("damage and small disks", () => {
  it("a database damaged past its header is refused at start-up with a message saying what to do", async () => {
    const dir = tempDir();
    const store = SqliteStore.open(dir);
    store.insertSubscribersForTesting(Array.from({ length: 5000 }, (_, i) => i + 1), T0);
    await store.close();
    const file = join(dir, "bot.sqlite");
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(40_000);
    // Garbage over a few pages in the middle: the header (first 100 bytes) is intact, so the file still opens.
    bytes.fill(0x5a, 16_384, 32_768);
    writeFileSync(file, bytes);
    const error = catchError(() => SqliteStore.open(dir));
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/damaged|corrupt/);
    expect((error as Error).message).toMatch(/backup/);
  });

  it("the write-ahead log stays small however many writes there are", async () => {
    const dir = tempDir();
    const store = open(dir);
    let largest = 0;
    for (let i = 1; i <= 3000; i++) {
      await store.subscribe(i, "private", T0);
      if (i % 250 === 0) largest = Math.max(largest, statSync(join(dir, "bot.sqlite-wal")).size);
    }
    expect(largest).toBeLessThan(1024 * 1024);
  });

  // Regression test, was a bug: on a 2 MB DATA_DIR only 244 subscriptions fit, the WAL alone took the disk.
  it.skipIf(!canMountTmpfs())("on a 2 MB disk, thousands of subscriptions fit", async () => {
    const dir = tempDir();
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", dir]);
    try {
      const store = SqliteStore.open(dir);
      let fitted = 0;
      try {
        for (let i = 1; i <= 3000; i++) {
          await store.subscribe(i, "private", T0);
          fitted = i;
        }
      } finally {
        await store.close();
      }
      console.log(`2 MB DATA_DIR: ${fitted} subscriptions fitted`);
      expect(fitted).toBe(3000);
    } finally {
      execFileSync("umount", [dir]);
    }
  });
});

// Behaviour every store shares is in the contract suites (contracts.test.ts); what is here is SQLite's own:
// files, processes sharing one DATA_DIR, damage, disks.
describe("subscribers", () => {
  it("200 concurrent subscribe() calls for one chat leave one row", async () => {
    const dir = tempDir();
    const store = open(dir);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.subscribe(42, "private", later(i))));
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(await store.countActive()).toBe(1);
    const db = raw(dir);
    try {
      expect(db.prepare("SELECT count(*) AS n FROM subscribers WHERE chat_id = 42").get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  it("200 concurrent subscribe() calls over 50 chats from two stores on the same file leave one row per chat", async () => {
    const dir = tempDir();
    const a = open(dir);
    const b = open(dir);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).subscribe(1000 + (i % 50), i % 3 === 0 ? "group" : "private", later(i))));
    expect(results.filter((r) => r.changed)).toHaveLength(50);
    expect(await a.countActive()).toBe(50);
    expect(await b.countActive()).toBe(50);
    const db = raw(dir);
    try {
      const rows = db.prepare("SELECT chat_id, count(*) AS n FROM subscribers GROUP BY chat_id").all() as Array<{ chat_id: number; n: number }>;
      expect(rows).toHaveLength(50);
      expect(rows.every((r) => r.n === 1)).toBe(true);
    } finally {
      db.close();
    }
  });

});

// ------------------------------------------------------------ several processes

/** Runs an ES module snippet in a child node process (with tsx, cwd = repo root). */
function child(script: string, args: string[]) {
  const proc = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, ...args], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const waiters: Array<() => void> = [];
  proc.stdout.on("data", (c: Buffer) => {
    out += c.toString();
    for (const w of waiters.splice(0)) w();
  });
  proc.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((ok) => proc.on("exit", (code) => ok(code)));
  return {
    proc,
    get out() {
      return out;
    },
    get err() {
      return err;
    },
    exited,
    /** Resolves once stdout contains `text`. */
    async waitOut(text: string) {
      while (!out.includes(text)) {
        if (proc.exitCode !== null) throw new Error(`child exited (${proc.exitCode}) before printing ${text}: ${err}`);
        await new Promise<void>((ok) => {
          waiters.push(ok);
          setTimeout(ok, 100);
        });
      }
    },
  };
}

/** A child that holds SQLite's write lock on the file (an open write transaction) for `ms`, like another process in the middle of a write. */
const HOLD_WRITE_LOCK = `
  import Database from "better-sqlite3";
  const [file, ms, migrate] = process.argv.slice(1);
  const db = new Database(file, { timeout: 5000 });
  db.pragma("journal_mode = WAL");
  db.exec("BEGIN IMMEDIATE");
  if (migrate === "migrate") {
    const { MIGRATIONS } = await import("./src/store/migrations.ts");
    db.exec(MIGRATIONS[0].sql);
    db.pragma("user_version = 1");
  } else {
    db.prepare("UPDATE outbox SET detail = 'x' WHERE 0").run();
    db.prepare("INSERT OR IGNORE INTO subscribers (chat_id, chat_type, active, subscribed_at) VALUES (-1, 'group', 1, 'now')").run();
  }
  console.log("locked");
  setTimeout(() => { db.exec("COMMIT"); db.close(); console.log("released"); }, Number(ms));
`;

describe("several processes on one DATA_DIR", () => {
  it("claimPending from 3 processes at once never hands out the same chat twice", async () => {
    const dir = tempDir();
    const store = open(dir);
    store.insertSubscribersForTesting(Array.from({ length: 600 }, (_, i) => i + 1), T0);
    await store.enqueueActiveSubscribers("u", T0);
    await store.close();
    const script = `
      import { SqliteStore } from "./src/store/sqlite-store.ts";
      import { createInterface } from "node:readline";
      const store = SqliteStore.open(process.argv[1]);
      console.log("ready");
      await new Promise((ok) => createInterface({ input: process.stdin }).once("line", ok));
      const claimed = [];
      for (;;) {
        const rows = await store.claimPending("u", 5);
        if (rows.length === 0) break;
        claimed.push(...rows.map((r) => r.chatId));
      }
      await store.close();
      console.log("CLAIMED " + JSON.stringify(claimed));
    `;
    const children = [child(script, [dir]), child(script, [dir]), child(script, [dir])];
    await Promise.all(children.map((c) => c.waitOut("ready")));
    for (const c of children) c.proc.stdin.end("go\n");
    const codes = await Promise.all(children.map((c) => c.exited));
    const claimed: number[] = [];
    for (const [i, c] of children.entries()) {
      expect(c.err, `child ${i} stderr`).toBe("");
      expect(codes[i]).toBe(0);
      claimed.push(...(JSON.parse(/CLAIMED (.*)/.exec(c.out)?.[1] ?? "[]") as number[]));
    }
    expect(claimed).toHaveLength(600);
    expect(new Set(claimed).size).toBe(600);
  });

  // Regression test, was a bug (src/store/sqlite-store.ts, subscribe): the read-then-write transaction is DEFERRED. When another
  // process (the publish command, the bot) is writing at that moment, SQLite cannot upgrade the read to a
  // write and fails at once with SQLITE_BUSY / SQLITE_BUSY_SNAPSHOT instead of waiting out the 5 s busy
  // timeout, so /abonner fails with "locked … for 5 s" although the lock lasted a few ms.
  // Fix: run it with .immediate(), as acquireLease and claimPending do.
  it("subscribe() waits for another process's short write instead of failing", async () => {
    const dir = tempDir();
    const store = open(dir);
    await store.subscribe(1, "private", T0);
    const holder = child(HOLD_WRITE_LOCK, [join(dir, "bot.sqlite"), "300"]);
    try {
      await holder.waitOut("locked");
      const result = await store.subscribe(2, "private", T0);
      expect(result.changed).toBe(true);
    } finally {
      await holder.exited;
    }
    expect(await store.countActive()).toBe(3);
  });

  // Regression test, was a bug: better-sqlite3's busy timeout waited for the lock synchronously, so while another process held
  // the write lock for 15 s every chat (even questions that need no database) waited 15 s.
  it("while another process holds the write lock, the event loop keeps running and the write goes through after", async () => {
    const dir = tempDir();
    const store = open(dir);
    await store.subscribe(1, "private", T0);
    const holder = child(HOLD_WRITE_LOCK, [join(dir, "bot.sqlite"), "1500"]);
    try {
      await holder.waitOut("locked");
      let ticks = 0;
      let last = Date.now();
      let worstGap = 0;
      const timer = setInterval(() => {
        ticks++;
        worstGap = Math.max(worstGap, Date.now() - last);
        last = Date.now();
      }, 20);
      const started = Date.now();
      const result = await store.subscribe(2, "private", T0);
      clearInterval(timer);
      expect(result.changed).toBe(true);
      expect(Date.now() - started).toBeGreaterThan(1000);
      expect(ticks).toBeGreaterThan(20);
      expect(worstGap).toBeLessThan(500);
    } finally {
      await holder.exited;
    }
  });

  // Regression test, was a bug (src/store/sqlite-store.ts, migrate): user_version is read outside the migration transaction, so a
  // process opening a fresh DATA_DIR while another one is creating the schema runs the migration a second
  // time and fails ("table subscribers already exists" or SQLITE_BUSY_SNAPSHOT): starting the bot and
  // `npm run publish` together on a new DATA_DIR makes one of them exit. Fix: read the version and migrate
  // inside one BEGIN IMMEDIATE transaction.
  it("opening a fresh DATA_DIR while another process is creating the schema waits and succeeds", async () => {
    const dir = tempDir();
    const holder = child(HOLD_WRITE_LOCK, [join(dir, "bot.sqlite"), "300", "migrate"]);
    try {
      await holder.waitOut("locked");
      const store = open(dir);
      expect(await store.countActive()).toBe(0);
    } finally {
      await holder.exited;
    }
  });
});

describe("outbox", () => {
  it("never stores a bot token found in an error detail", async () => {
    const dir = tempDir();
    const store = open(dir);
    store.insertSubscribersForTesting([1], T0);
    await store.enqueueActiveSubscribers("u", T0);
    await store.claimPending("u", 1);
    const token = "7123456789:AAHk3-Zq_exampleTokenExampleToken1234";
    await store.finish("u", 1, "failed", later(1), `network: request to https://api.telegram.org/bot${token}/sendMessage failed, reason: socket hang up`);
    await store.close();
    const db = raw(dir);
    try {
      const detail = (db.prepare("SELECT detail FROM outbox").get() as { detail: string }).detail;
      expect(detail).not.toContain(token);
      expect(detail).not.toContain("AAHk3");
      expect(detail).toContain("/bot[secret]/sendMessage");
    } finally {
      db.close();
    }
  });

});

describe("publishing lease", () => {
  const alive = () => true;

  it("is refused across two stores on the same file", async () => {
    const dir = tempDir();
    const a = open(dir);
    const b = open(dir);
    const results = await Promise.all([a.acquireLease("u", "a", T0, 30_000, alive), b.acquireLease("u", "b", T0, 30_000, alive)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

});

describe("errors after opening", () => {
  it("operations on a closed store reject with a StoreError", async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const store = SqliteStore.open(dir);
    await store.close();
    await expect(store.countActive()).rejects.toBeInstanceOf(StoreError);
    // Closing twice is harmless.
    await expect(store.close()).resolves.toBeUndefined();
  });
});

