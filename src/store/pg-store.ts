import pg from "pg";
import { redactTokens } from "../redact.ts";
import { toLogged, toSubscriber, type QuestionRow, type SubscriberRow } from "./rows.ts";
import { migratePg } from "./pg-migrations.ts";
import {
  StoreError,
  type BroadcastSummary,
  type ConversationStore,
  type LoggedQuestion,
  type OutboxRow,
  type OutboxStatus,
  type QuestionLog,
  type ReviewDecisions,
  type SubscriptionStore,
} from "./types.ts";

const INT8_OID = 20;
/** Chat ids and millisecond times are BIGINT: they fit in a JavaScript number (Telegram ids use at most 52 bits). */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};


/** Where the database is, for messages: host, port and database name, never the password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "(DATABASE_URL is not a URL)";
  }
}

/** PostgreSQL's errors in words an operator can act on, naming DATABASE_URL (never its password). */
export function explainPgError(error: unknown, url: string): StoreError {
  if (error instanceof StoreError) return error;
  const e = error as { code?: string; message?: string };
  const where = describeDatabaseUrl(url);
  const known: Record<string, string> = {
    ECONNREFUSED: `PostgreSQL at ${where} refused the connection: is the server running, and DATABASE_URL right?`,
    ENOTFOUND: `PostgreSQL host of DATABASE_URL (${where}) cannot be found: check the host name`,
    ETIMEDOUT: `PostgreSQL at ${where} did not answer in time: check the network and DATABASE_URL`,
    "28P01": `PostgreSQL at ${where} refused the password of DATABASE_URL: fix the user or password`,
    "28000": `PostgreSQL at ${where} refused the user of DATABASE_URL: fix it, or allow it in pg_hba.conf`,
    "3D000": `the database of DATABASE_URL (${where}) does not exist: create it (createdb) or fix the URL`,
    "53300": `PostgreSQL at ${where} has too many connections: raise max_connections or lower DATABASE_POOL_SIZE`,
  };
  const message = (e.code && known[e.code]) ?? `PostgreSQL (${where}): ${redactTokens(e.message ?? String(error))}`;
  return new StoreError(message, { cause: error });
}

export interface PgStoreOptions {
  /** Connections per instance (default 10): several instances share the server's max_connections. */
  poolSize?: number;
}

/**
 * PostgreSQL store, selected by DATABASE_URL: what several bot instances share (subscriptions, broadcasts and
 * their pace, follow-up memory, the question log, received updates). Same contract as the SQLite store
 * (test/store/*.contract.ts run against both).
 */
export class PgStore implements SubscriptionStore, ConversationStore, QuestionLog {
  readonly pool: pg.Pool;

  private constructor(
    readonly url: string,
    options: PgStoreOptions,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
    // An idle connection dropped by the server (restart, failover) must not crash the process: the pool reconnects.
    this.pool.on("error", () => undefined);
  }

  /** Connects and brings the schema up to date (under an advisory lock: instances may start together). */
  static async connect(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
    const store = new PgStore(url, options);
    try {
      await migratePg(store.pool);
    } catch (error) {
      await store.pool.end().catch(() => undefined);
      throw explainPgError(error, url);
    }
    return store;
  }

  private async q<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (error) {
      throw explainPgError(error, this.url);
    }
  }

  /** Runs `fn` in one transaction on one connection. */
  async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw explainPgError(error, this.url);
    }
    try {
      await client.query("BEGIN");
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw explainPgError(error, this.url);
    } finally {
      client.release();
    }
  }

  async subscribe(chatId: number, chatType: string, now: Date) {
    // One statement decides, atomically even between instances: a row comes back only when it was inserted or
    // re-activated (the conflict update is skipped for a chat already active, keeping its date).
    const { rows } = await this.q<SubscriberRow>(
      `INSERT INTO subscribers AS s (chat_id, chat_type, active, subscribed_at) VALUES ($1, $2, true, $3)
       ON CONFLICT (chat_id) DO UPDATE SET chat_type = excluded.chat_type, subscribed_at = excluded.subscribed_at,
         active = true, unsubscribed_at = NULL, deactivated_reason = NULL
       WHERE NOT s.active
       RETURNING *`,
      [chatId, chatType, now.toISOString()],
    );
    if (rows[0]) return { changed: true, subscriber: toSubscriber(rows[0]) };
    const kept = await this.q<SubscriberRow>("UPDATE subscribers SET chat_type = $2 WHERE chat_id = $1 RETURNING *", [chatId, chatType]);
    return { changed: false, subscriber: toSubscriber(kept.rows[0] as SubscriberRow) };
  }

  async unsubscribe(chatId: number, now: Date) {
    const r = await this.q("UPDATE subscribers SET active = false, unsubscribed_at = $1 WHERE chat_id = $2 AND active", [now.toISOString(), chatId]);
    return (r.rowCount ?? 0) > 0;
  }

  async getSubscriber(chatId: number) {
    const { rows } = await this.q<SubscriberRow>("SELECT * FROM subscribers WHERE chat_id = $1", [chatId]);
    return rows[0] ? toSubscriber(rows[0]) : undefined;
  }

  async deactivate(chatId: number, reason: string, now: Date) {
    await this.q("UPDATE subscribers SET active = false, unsubscribed_at = $1, deactivated_reason = $2 WHERE chat_id = $3 AND active", [now.toISOString(), reason, chatId]);
  }

  async migrateChat(oldChatId: number, newChatId: number, now: Date) {
    return this.transaction(async (c) => {
      const { rows } = await c.query<SubscriberRow>("SELECT * FROM subscribers WHERE chat_id = $1 AND active FOR UPDATE", [oldChatId]);
      const old = rows[0];
      if (!old) return false;
      await c.query(
        `INSERT INTO subscribers (chat_id, chat_type, active, subscribed_at) VALUES ($1, 'supergroup', true, $2)
         ON CONFLICT (chat_id) DO UPDATE SET active = true, chat_type = 'supergroup', unsubscribed_at = NULL, deactivated_reason = NULL`,
        [newChatId, old.subscribed_at],
      );
      await c.query("UPDATE subscribers SET active = false, unsubscribed_at = $1, deactivated_reason = $2 WHERE chat_id = $3", [now.toISOString(), `became the supergroup ${newChatId}`, oldChatId]);
      return true;
    });
  }

  async countActive() {
    const { rows } = await this.q<{ n: number }>("SELECT count(*)::int AS n FROM subscribers WHERE active");
    return rows[0]?.n ?? 0;
  }

  async pageActive(afterChatId: number, limit: number) {
    const { rows } = await this.q<SubscriberRow>("SELECT * FROM subscribers WHERE active AND chat_id > $1 ORDER BY chat_id LIMIT $2", [afterChatId, limit]);
    return rows.map(toSubscriber);
  }

  /** Bulk insert for benchmarks and tests (one statement). */
  async insertSubscribersForTesting(chatIds: Iterable<number>, now: Date): Promise<void> {
    const ids = [...chatIds];
    for (let i = 0; i < ids.length; i += 50_000) {
      await this.q("INSERT INTO subscribers (chat_id, chat_type, active, subscribed_at) SELECT unnest($1::bigint[]), 'private', true, $2 ON CONFLICT DO NOTHING", [
        ids.slice(i, i + 50_000),
        now.toISOString(),
      ]);
    }
  }

  async acquireLease(updateId: string, owner: string, now: Date, ttlMs: number, isOwnerAlive: (owner: string) => boolean) {
    return this.transaction(async (c) => {
      const t = now.getTime();
      await c.query("INSERT INTO broadcasts (update_id, lease_owner, lease_until, started_at) VALUES ($1, NULL, 0, $2) ON CONFLICT DO NOTHING", [updateId, now.toISOString()]);
      const { rows } = await c.query<{ lease_owner: string | null; lease_until: number }>("SELECT lease_owner, lease_until FROM broadcasts WHERE update_id = $1 FOR UPDATE", [updateId]);
      const row = rows[0] as { lease_owner: string | null; lease_until: number };
      const free = !row.lease_owner || row.lease_owner === owner || row.lease_until < t || !isOwnerAlive(row.lease_owner);
      if (!free) return false;
      await c.query("UPDATE broadcasts SET lease_owner = $1, lease_until = $2, finished_at = NULL WHERE update_id = $3", [owner, t + ttlMs, updateId]);
      return true;
    });
  }

  async releaseLease(updateId: string, owner: string) {
    await this.q("UPDATE broadcasts SET lease_owner = NULL, lease_until = 0, finished_at = $1 WHERE update_id = $2 AND lease_owner = $3", [new Date().toISOString(), updateId, owner]);
  }

  async enqueueActiveSubscribers(updateId: string, now: Date) {
    // One statement inside the server: a million subscribers never pass through JavaScript memory.
    const r = await this.q("INSERT INTO outbox (update_id, chat_id, status, updated_at) SELECT $1, chat_id, 'pending', $2 FROM subscribers WHERE active ON CONFLICT DO NOTHING", [
      updateId,
      now.toISOString(),
    ]);
    return r.rowCount ?? 0;
  }

  async enqueueChat(updateId: string, chatId: number, now: Date) {
    await this.q("INSERT INTO outbox (update_id, chat_id, status, updated_at) VALUES ($1, $2, 'pending', $3) ON CONFLICT DO NOTHING", [updateId, chatId, now.toISOString()]);
  }

  async markInterruptedSends(updateId: string) {
    return this.transaction(async (c) => {
      const requeued = await c.query("UPDATE outbox SET status = 'pending' WHERE update_id = $1 AND status = 'sending' AND NOT body_sent", [updateId]);
      const unknown = await c.query(
        "UPDATE outbox SET status = 'unknown', detail = 'interrupted while sending: Telegram may or may not have delivered it' WHERE update_id = $1 AND status = 'sending'",
        [updateId],
      );
      return { unknown: unknown.rowCount ?? 0, requeued: requeued.rowCount ?? 0 };
    });
  }

  async requeueRetryable(updateId: string) {
    const r = await this.q("UPDATE outbox SET status = 'pending', retryable = false WHERE update_id = $1 AND status = 'failed' AND retryable", [updateId]);
    return r.rowCount ?? 0;
  }

  async markBodySent(updateId: string, chatId: number) {
    await this.q("UPDATE outbox SET body_sent = true WHERE update_id = $1 AND chat_id = $2 AND status = 'sending'", [updateId, chatId]);
  }

  async pendingPage(updateId: string, limit: number) {
    // Rows of chats that unsubscribed since are marked skipped, page by page (never a scan of every pending row).
    for (;;) {
      const { rows } = await this.q<{ chat_id: number; attempts: number; active: boolean | null }>(
        `SELECT o.chat_id, o.attempts, s.active FROM outbox o LEFT JOIN subscribers s ON s.chat_id = o.chat_id
         WHERE o.update_id = $1 AND o.status = 'pending' ORDER BY o.chat_id LIMIT $2`,
        [updateId, limit],
      );
      const gone = rows.filter((r) => r.active !== true).map((r) => r.chat_id);
      if (gone.length > 0) {
        await this.q("UPDATE outbox SET status = 'skipped', detail = 'unsubscribed before delivery' WHERE update_id = $1 AND chat_id = ANY($2::bigint[]) AND status = 'pending'", [updateId, gone]);
      }
      const active = rows.filter((r) => r.active === true);
      if (active.length > 0 || rows.length === 0) return active.map((r): OutboxRow => ({ updateId, chatId: r.chat_id, status: "pending", attempts: r.attempts }));
    }
  }

  async claim(updateId: string, chatId: number) {
    // A conditional update is atomic: of two instances claiming one row, one gets it.
    const r = await this.q("UPDATE outbox SET status = 'sending', body_sent = false WHERE update_id = $1 AND chat_id = $2 AND status = 'pending'", [updateId, chatId]);
    return r.rowCount === 1;
  }

  /** Every outbox row's status by chat (tests and tools). */
  async outboxForTesting(updateId: string): Promise<Record<number, string>> {
    const { rows } = await this.q<{ chat_id: number; status: string }>("SELECT chat_id, status FROM outbox WHERE update_id = $1 ORDER BY chat_id", [updateId]);
    return Object.fromEntries(rows.map((r) => [r.chat_id, r.status]));
  }

  /** Claims up to `limit` rows at once, skipping rows another instance is claiming (FOR UPDATE SKIP LOCKED). */
  async claimPending(updateId: string, limit: number): Promise<OutboxRow[]> {
    // As pendingPage does: rows of chats that unsubscribed since are skipped, not left pending for ever.
    await this.q(
      `UPDATE outbox o SET status = 'skipped', detail = 'unsubscribed before delivery' WHERE o.update_id = $1 AND o.status = 'pending'
       AND NOT EXISTS (SELECT 1 FROM subscribers s WHERE s.chat_id = o.chat_id AND s.active)`,
      [updateId],
    );
    const { rows } = await this.q<{ chat_id: number; attempts: number }>(
      `UPDATE outbox SET status = 'sending', body_sent = false WHERE (update_id, chat_id) IN (
         SELECT o.update_id, o.chat_id FROM outbox o JOIN subscribers s ON s.chat_id = o.chat_id AND s.active
         WHERE o.update_id = $1 AND o.status = 'pending' ORDER BY o.chat_id LIMIT $2 FOR UPDATE OF o SKIP LOCKED
       ) RETURNING chat_id, attempts`,
      [updateId, limit],
    );
    return rows.sort((a, b) => a.chat_id - b.chat_id).map((r) => ({ updateId, chatId: r.chat_id, status: "sending", attempts: r.attempts }));
  }

  async releaseClaim(updateId: string, chatId: number, attempts: number) {
    await this.q("UPDATE outbox SET status = 'pending', attempts = $1 WHERE update_id = $2 AND chat_id = $3 AND status = 'sending'", [attempts, updateId, chatId]);
  }

  async finish(updateId: string, chatId: number, status: Exclude<OutboxStatus, "pending" | "sending">, now: Date, detail?: string, options: { retryable?: boolean } = {}) {
    // Details come from Telegram's and the network's error messages: a token in one of them must never be stored.
    const kept = detail === undefined ? null : redactTokens(detail);
    await this.q("UPDATE outbox SET status = $1, attempts = attempts + 1, updated_at = $2, detail = $3, retryable = $4 WHERE update_id = $5 AND chat_id = $6", [
      status,
      now.toISOString(),
      kept,
      options.retryable === true,
      updateId,
      chatId,
    ]);
  }

  async summary(updateId: string): Promise<BroadcastSummary> {
    const byStatus = { pending: 0, sending: 0, sent: 0, failed: 0, deactivated: 0, skipped: 0, unknown: 0 } as Record<OutboxStatus, number>;
    const { rows } = await this.q<{ status: OutboxStatus; n: number }>("SELECT status, count(*)::int AS n FROM outbox WHERE update_id = $1 GROUP BY status", [updateId]);
    for (const r of rows) byStatus[r.status] = r.n;
    const b = (await this.q<{ started_at: string; finished_at: string | null }>("SELECT started_at, finished_at FROM broadcasts WHERE update_id = $1", [updateId])).rows[0];
    return {
      updateId,
      total: rows.reduce((s, r) => s + r.n, 0),
      byStatus,
      ...(b ? { startedAt: b.started_at } : {}),
      ...(b?.finished_at ? { finishedAt: b.finished_at } : {}),
    };
  }

  /**
   * The broadcast pace shared by every instance: reserves the next send slot of `name` at `perSecond` and
   * returns how long to wait for it (in the database's clock, so instances' clocks do not matter).
   */
  async reserveSendSlot(name: string, perSecond: number): Promise<number> {
    const interval = 1000 / perSecond;
    const { rows } = await this.q<{ wait: number }>(
      `INSERT INTO send_pace AS p (name, next_at) VALUES ($1, extract(epoch FROM clock_timestamp())::float8 * 1000 + $2::float8)
       ON CONFLICT (name) DO UPDATE SET next_at = GREATEST(p.next_at, p.paused_until, extract(epoch FROM clock_timestamp())::float8 * 1000) + $2::float8
       RETURNING GREATEST(0, p.next_at - $2::float8 - extract(epoch FROM clock_timestamp())::float8 * 1000)::float8 AS wait`,
      [name, interval],
    );
    return rows[0]?.wait ?? 0;
  }

  /** Telegram said 429: every instance's sends of `name` wait `ms` from now. */
  async pauseSends(name: string, ms: number): Promise<void> {
    await this.q(
      `INSERT INTO send_pace AS p (name, paused_until) VALUES ($1, extract(epoch FROM clock_timestamp())::float8 * 1000 + $2::float8)
       ON CONFLICT (name) DO UPDATE SET paused_until = GREATEST(p.paused_until, excluded.paused_until)`,
      [name, ms],
    );
  }

  async recallSubject(key: string, now: Date, maxAgeMs: number) {
    const { rows } = await this.q<{ subject: string }>("SELECT subject FROM conversations WHERE key = $1 AND updated_at >= $2", [key, now.getTime() - maxAgeMs]);
    return rows[0]?.subject;
  }

  async rememberSubject(key: string, subject: string, now: Date) {
    await this.q("INSERT INTO conversations (key, subject, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET subject = excluded.subject, updated_at = excluded.updated_at", [
      key,
      subject,
      now.getTime(),
    ]);
  }

  async forgetSubjectsBefore(before: Date) {
    return (await this.q("DELETE FROM conversations WHERE updated_at < $1", [before.getTime()])).rowCount ?? 0;
  }

  async logQuestion(q: LoggedQuestion) {
    await this.q(
      "INSERT INTO question_log (id, at, question, status, score, match, suggestions, via, asker) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
      [q.id, q.at.getTime(), q.question, q.status, q.score, q.match ?? null, JSON.stringify(q.suggestions), q.via, q.asker],
    );
  }

  async recordFeedback(id: string, vote: "up" | "down") {
    return (await this.q("UPDATE question_log SET feedback = $1 WHERE id = $2", [vote, id])).rowCount === 1;
  }

  async recordSuggestionPressed(id: string, faqId: string) {
    await this.q("UPDATE question_log SET pressed = $1 WHERE id = $2", [faqId, id]);
  }

  async getQuestion(id: string) {
    const { rows } = await this.q<QuestionRow>("SELECT * FROM question_log WHERE id = $1", [id]);
    return rows[0] ? toLogged(rows[0]) : undefined;
  }

  async questionsSince(since: Date) {
    const { rows } = await this.q<QuestionRow>("SELECT * FROM question_log WHERE at >= $1 ORDER BY at, id", [since.getTime()]);
    return rows.map(toLogged);
  }

  async forgetQuestionsBefore(before: Date) {
    return (await this.q("DELETE FROM question_log WHERE at < $1", [before.getTime()])).rowCount ?? 0;
  }

  async ignoreInReview(terms: string, now: Date) {
    await this.q("INSERT INTO review_decisions (terms, at, forever) VALUES ($1, $2, true) ON CONFLICT (terms) DO UPDATE SET at = excluded.at, forever = true", [terms, now.getTime()]);
  }

  async markReviewed(terms: string, now: Date) {
    await this.q(
      "INSERT INTO review_decisions (terms, at, forever) VALUES ($1, $2, false) ON CONFLICT (terms) DO UPDATE SET at = excluded.at WHERE NOT review_decisions.forever",
      [terms, now.getTime()],
    );
  }

  async reviewDecisions(): Promise<ReviewDecisions> {
    const { rows } = await this.q<{ terms: string; at: number; forever: boolean }>("SELECT terms, at, forever FROM review_decisions");
    return new Map(rows.map((r) => [r.terms, { at: new Date(r.at), forever: r.forever }]));
  }

  async close() {
    await this.pool.end();
  }
}
