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
    // Each wait is counted from when its reservation was made: on a busy machine the last ones are made later and
    // wait less. So the slots are compared as moments (answer received + wait), not as waits.
    const reserved = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const wait = await (i % 2 ? a : b).reserveSendSlot("broadcast", 50);
        return { wait, slot: performance.now() + wait };
      }),
    );
    // 20 slots at 50/s: 0, 20, 40 … 380 ms from the first, whoever asked. A pace per instance would span half of
    // that (two instances taking turns), no pace at all about zero; the bounds leave room for a busy machine's
    // delays in receiving the answers, which shift the moments measured here by tens of milliseconds.
    const slots = reserved.map((r) => r.slot).sort((x, y) => x - y);
    expect(Math.min(...reserved.map((r) => r.wait))).toBeLessThan(40);
    expect((slots.at(-1) as number) - (slots[0] as number)).toBeGreaterThan(300);
    expect((slots.at(-1) as number) - (slots[0] as number)).toBeLessThan(500);
    await a.pauseSends("other", 2000);
    expect(await b.reserveSendSlot("other", 50)).toBeGreaterThan(1900);
  });
});

describe("PostgreSQL update journal, several instances", () => {
  it("a dead instance's updates are taken over once, by one of the others; a live instance's are never taken, however old", async () => {
    const { PgUpdateJournal } = await import("../../src/store/pg-update-journal.ts");
    const url = await createTestDatabase();
    const [a, b, c] = await Promise.all([PgStore.connect(url), PgStore.connect(url), PgStore.connect(url)]);
    stores.push(a, b, c);
    const dead = new PgUpdateJournal(a.pool, url, "host:1:dead");
    const slow = new PgUpdateJournal(a.pool, url, "host:2:slow");
    const jb = new PgUpdateJournal(b.pool, url, "host:3:b");
    const jc = new PgUpdateJournal(c.pool, url, "host:4:c");
    const longAgo = new Date(Date.now() - 10 * 60_000);
    await dead.record(Array.from({ length: 50 }, (_, i) => ({ update_id: i + 1 })), longAgo);
    // The slow instance got its update long ago too (a 429 being waited out), and is still beating.
    await slow.record([{ update_id: 100 }], longAgo);
    await slow.heartbeat();
    // The dead one beat once, more than a minute ago.
    await query(url, "INSERT INTO instances (id, seen_at) VALUES ('host:1:dead', $1)", [Date.now() - 120_000]);
    const [rb, rc] = await Promise.all([jb.recover(60_000), jc.recover(60_000)]);
    const ids = [...rb.replay, ...rc.replay].map((u) => (u as { update_id: number }).update_id);
    expect(ids.sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // Claimed: a second sweep finds nothing; the slow instance's update is still its own.
    expect((await jc.recover(60_000)).replay).toEqual([]);
    const [row] = await query<{ owner: string; status: string }>(url, "SELECT owner, status FROM updates WHERE update_id = 100");
    expect(row).toEqual({ owner: "host:2:slow", status: "received" });
    for (const j of [dead, slow, jb, jc]) await j.close();
  });
});
