import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteFile } from "../../src/store/sqlite-file.ts";
import { StoreError } from "../../src/store/types.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function openFile(): SqliteFile {
  const dir = mkdtempSync(join(tmpdir(), "visite-sqlite-file-"));
  dirs.push(dir);
  return new SqliteFile(join(dir, "t.sqlite"), (db) => db.exec("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)"));
}

describe("SqliteFile.write (the writes of one turn in one transaction)", () => {
  it("commits the writes asked for in one turn together, each settled with its own result", async () => {
    const file = openFile();
    const insert = file.db.prepare("INSERT INTO t (k, v) VALUES (?, ?)");
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => file.write(() => insert.run(`k${i}`, i).changes)));
    expect(results).toEqual(Array(20).fill(1));
    expect(file.db.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 20 });
    // Committed (seen from another connection) by the time the promises settle.
    const other = new Database(file.file);
    expect(other.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 20 });
    other.close();
    file.close();
  });

  it("a write that fails fails alone: the others of its turn are committed", async () => {
    const file = openFile();
    const insert = file.db.prepare("INSERT INTO t (k, v) VALUES (?, ?)");
    const outcomes = await Promise.allSettled([file.write(() => insert.run("a", 1)), file.write(() => insert.run("a", 2)), file.write(() => insert.run("b", 3))]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(StoreError);
    expect(file.db.prepare("SELECT k, v FROM t ORDER BY k").all()).toEqual([
      { k: "a", v: 1 },
      { k: "b", v: 3 },
    ]);
    file.close();
  });

  it("waits for another connection's write lock instead of failing, without blocking the event loop", async () => {
    const file = openFile();
    const other = new Database(file.file);
    other.exec("BEGIN IMMEDIATE");
    const insert = file.db.prepare("INSERT INTO t (k, v) VALUES (?, ?)");
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const pending = file.write(() => insert.run("x", 1).changes);
    await new Promise((r) => setTimeout(r, 150));
    other.exec("COMMIT");
    other.close();
    await expect(pending).resolves.toBe(1);
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(5);
    file.close();
  });

  it("commits in the order the writes were asked for, even when an earlier one waits for a lock", async () => {
    const file = openFile();
    const other = new Database(file.file);
    other.exec("BEGIN IMMEDIATE");
    const put = file.db.prepare("INSERT INTO t (k, v) VALUES ('subject', ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v");
    const first = file.write(() => put.run(1));
    await new Promise((r) => setTimeout(r, 60));
    const second = file.write(() => put.run(2));
    await new Promise((r) => setTimeout(r, 60));
    other.exec("COMMIT");
    other.close();
    await Promise.all([first, second]);
    expect(file.db.prepare("SELECT v FROM t WHERE k = 'subject'").get()).toEqual({ v: 2 });
    file.close();
  });
});

describe("SqliteFile.close", () => {
  it("writes what is still waiting for its turn: the last writes are not lost with the process", async () => {
    const file = openFile();
    const insert = file.db.prepare("INSERT INTO t (k, v) VALUES (?, ?)");
    const waiting = [file.write(() => insert.run("a", 1).changes), file.write(() => insert.run("b", 2).changes)];
    file.close();
    await expect(Promise.all(waiting)).resolves.toEqual([1, 1]);
    const reopened = new Database(file.file);
    expect(reopened.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 2 });
    reopened.close();
  });

  it("a write asked after close fails with a StoreError", async () => {
    const file = openFile();
    file.close();
    await expect(file.write(() => 1)).rejects.toBeInstanceOf(StoreError);
  });
});
