import type pg from "pg";
import { StoreError } from "./types.ts";

/**
 * PostgreSQL schema, versioned like the SQLite one (migrations.ts) and recorded in `schema_migrations`. Instances
 * that start together take an advisory lock first, so exactly one applies a migration and the others wait for it
 * and then find nothing to do. Never edit a shipped migration: add the next one.
 */
export const PG_MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE subscribers (
        chat_id BIGINT PRIMARY KEY,
        chat_type TEXT NOT NULL,
        active BOOLEAN NOT NULL DEFAULT true,
        subscribed_at TEXT NOT NULL,
        unsubscribed_at TEXT,
        deactivated_reason TEXT
      );
      CREATE INDEX subscribers_active ON subscribers (chat_id) WHERE active;

      CREATE TABLE broadcasts (
        update_id TEXT PRIMARY KEY,
        lease_owner TEXT,
        lease_until BIGINT NOT NULL DEFAULT 0,
        started_at TEXT NOT NULL,
        finished_at TEXT
      );

      CREATE TABLE outbox (
        update_id TEXT NOT NULL,
        chat_id BIGINT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending','sending','sent','failed','deactivated','skipped','unknown')),
        attempts INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT,
        detail TEXT,
        retryable BOOLEAN NOT NULL DEFAULT false,
        body_sent BOOLEAN NOT NULL DEFAULT false,
        PRIMARY KEY (update_id, chat_id)
      );
      CREATE INDEX outbox_status ON outbox (update_id, status, chat_id);

      -- The follow-up subject of a conversation; keyed hashes, never chat or user ids.
      CREATE TABLE conversations (
        key TEXT PRIMARY KEY,
        subject TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX conversations_age ON conversations (updated_at);

      -- The private question log: never a chat or user id, name or username (README, "Question log").
      CREATE TABLE question_log (
        id TEXT PRIMARY KEY,
        at BIGINT NOT NULL,
        question TEXT NOT NULL,
        status TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        match TEXT,
        suggestions TEXT NOT NULL DEFAULT '[]',
        via TEXT NOT NULL CHECK (via IN ('chat', 'inline')),
        asker TEXT NOT NULL,
        feedback TEXT CHECK (feedback IN ('up', 'down')),
        pressed TEXT
      );
      CREATE INDEX question_log_at ON question_log (at);
      CREATE TABLE review_decisions (
        terms TEXT PRIMARY KEY,
        at BIGINT NOT NULL,
        forever BOOLEAN NOT NULL
      );

      -- Updates received by any instance (webhook behind a load balancer): one is handled once, wherever it lands.
      -- owner: the instance that recorded it; another takes it over only once that instance has stopped beating.
      CREATE TABLE updates (
        update_id BIGINT PRIMARY KEY,
        body TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('received', 'replying', 'done')),
        received_at BIGINT NOT NULL,
        owner TEXT
      );
      CREATE INDEX updates_status ON updates (status, update_id);
      -- Each running instance's heartbeat, in the database's clock.
      CREATE TABLE instances (
        id TEXT PRIMARY KEY,
        seen_at DOUBLE PRECISION NOT NULL
      );

      -- The broadcast pace shared by every instance: the next free send slot, in the database's clock.
      CREATE TABLE send_pace (
        name TEXT PRIMARY KEY,
        next_at DOUBLE PRECISION NOT NULL DEFAULT 0,
        paused_until DOUBLE PRECISION NOT NULL DEFAULT 0
      );
    `,
  },
];

/** An arbitrary constant: the advisory lock every instance takes to migrate. */
const MIGRATION_LOCK = 7_206_203_725;

export async function migratePg(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    const { rows } = await client.query<{ v: number | null }>("SELECT max(version) AS v FROM schema_migrations");
    const current = rows[0]?.v ?? 0;
    const newest = PG_MIGRATIONS.at(-1)?.version ?? 0;
    if (current > newest) {
      throw new StoreError(`the database (DATABASE_URL) has schema version ${current}, newer than this program knows (${newest}): run the newer version of the bot, or point DATABASE_URL at another database`);
    }
    for (const m of PG_MIGRATIONS) {
      if (m.version <= current) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query("INSERT INTO schema_migrations (version) VALUES ($1)", [m.version]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    }
    return newest;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
