/** What is particular to the PostgreSQL store: migrations under an advisory lock, errors in words, BIGINT ids. */
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { PG_MIGRATIONS } from "../../src/store/pg-migrations.ts";
import { PgStore } from "../../src/store/pg-store.ts";
import { StoreError } from "../../src/store/types.ts";
import { createTestDatabase } from "../support/pg-database.ts";
import { freePort } from "../e2e/helpers.ts";

const stores: PgStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe("PostgreSQL store", () => {
  it("eight instances starting together on an empty database: one migrates, all start, the schema is there once", async () => {
    const url = await createTestDatabase();
    const started = await Promise.all(Array.from({ length: 8 }, () => PgStore.connect(url, { poolSize: 2 })));
    stores.push(...started);
    const versions = await query<{ version: number }>(url, "SELECT version FROM schema_migrations ORDER BY version");
    expect(versions.map((v) => v.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    await Promise.all(started.map((s, i) => s.subscribe(1000 + i, "private", new Date())));
    expect(await started[0]?.countActive()).toBe(8);
  });

  it("refuses a schema newer than the program knows, saying what to do", async () => {
    const url = await createTestDatabase();
    stores.push(await PgStore.connect(url));
    await query(url, "INSERT INTO schema_migrations (version) VALUES (999)");
    const error = await PgStore.connect(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain("newer than this program knows");
  });

  it("a server that is not there is a StoreError naming DATABASE_URL, without its password", async () => {
    const port = await freePort();
    const error = await PgStore.connect(`postgres://bot:s3cretpass@127.0.0.1:${port}/bot`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain("DATABASE_URL");
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as Error).message).not.toContain("s3cretpass");
  });

  it("a database that does not exist says to create it", async () => {
    const url = new URL(await createTestDatabase());
    url.pathname = "/no_such_database";
    const error = await PgStore.connect(url.toString()).catch((e: unknown) => e);
    expect((error as Error).message).toContain("does not exist");
  });

  it("never stores a bot token found in an error detail", async () => {
    const url = await createTestDatabase();
    const store = await PgStore.connect(url);
    stores.push(store);
    await store.insertSubscribersForTesting([1], new Date());
    await store.enqueueActiveSubscribers("u", new Date());
    await store.claimPending("u", 1);
    const token = "7123456789:AAHk3-Zq_exampleTokenExampleToken1234";
    await store.finish("u", 1, "failed", new Date(), `request to https://api.telegram.org/bot${token}/sendMessage failed`);
    const [row] = await query<{ detail: string }>(url, "SELECT detail FROM outbox");
    expect(row?.detail).not.toContain("AAHk3");
    expect(row?.detail).toContain("/bot[secret]/sendMessage");
  });

  it("the shared send pace hands out slots 1/rate apart across instances, and a pause holds them all", async () => {
    const url = await createTestDatabase();
    const a = await PgStore.connect(url);
    const b = await PgStore.connect(url);
    stores.push(a, b);
    const waits = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).reserveSendSlot("broadcast", 50)));
    // 20 slots at 50/s: 0, 20, 40 … 380 ms from the first, whoever asked.
    const sorted = [...waits].sort((x, y) => x - y);
    expect(sorted[0]).toBeLessThan(40);
    expect(sorted.at(-1)).toBeGreaterThan(330);
    expect(sorted.at(-1)).toBeLessThan(420);
    await a.pauseSends("other", 2000);
    expect(await b.reserveSendSlot("other", 50)).toBeGreaterThan(1900);
  });
});

describe("PostgreSQL update journal, several instances", () => {
  it("instances recovering together never replay the same update, and leave fresh ones to whoever is handling them", async () => {
    const { PgUpdateJournal } = await import("../../src/store/pg-update-journal.ts");
    const url = await createTestDatabase();
    const a = await PgStore.connect(url);
    const b = await PgStore.connect(url);
    stores.push(a, b);
    const ja = new PgUpdateJournal(a.pool, url);
    const jb = new PgUpdateJournal(b.pool, url);
    const old = new Date(Date.now() - 120_000);
    await ja.record(Array.from({ length: 50 }, (_, i) => ({ update_id: i + 1 })), old);
    await ja.record([{ update_id: 100 }], new Date());
    const [ra, rb] = await Promise.all([ja.recover(60_000), jb.recover(60_000)]);
    const ids = [...ra.replay, ...rb.replay].map((u) => (u as { update_id: number }).update_id);
    expect(ids.sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // Claimed: a second sweep a moment later finds nothing stale; the fresh update was never taken.
    expect((await jb.recover(60_000)).replay).toEqual([]);
    await ja.close();
    await jb.close();
  });
});
