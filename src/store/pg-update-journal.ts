import type pg from "pg";
import { explainPgError } from "./pg-store.ts";
import type { UpdateJournal } from "./types.ts";

const DONE_FLUSH_MS = 200;

/**
 * The update journal in PostgreSQL, shared by every instance: Telegram may redeliver a webhook update to any
 * instance behind the load balancer, and the first to record it is the one that handles it. Same contract as
 * the SQLite journal; bodies are dropped once an update is being answered (only its id is kept).
 */
export class PgUpdateJournal implements UpdateJournal {
  private pendingDone: number[] = [];
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
  ) {}

  private async q<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (error) {
      throw explainPgError(error, this.url);
    }
  }

  async record(updates: ReadonlyArray<{ update_id: number }>, now: Date) {
    if (updates.length === 0) return new Set<number>();
    const { rows } = await this.q<{ update_id: number }>(
      `INSERT INTO updates (update_id, body, status, received_at)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) ON CONFLICT DO NOTHING RETURNING update_id`,
      [updates.map((u) => u.update_id), updates.map((u) => JSON.stringify(u)), updates.map(() => "received"), updates.map(() => now.getTime())],
    );
    return new Set(rows.map((r) => r.update_id));
  }

  async markReplying(updateId: number) {
    await this.q("UPDATE updates SET status = 'replying', body = '' WHERE update_id = $1 AND status = 'received'", [updateId]);
  }

  markDone(updateId: number): void {
    this.pendingDone.push(updateId);
    this.flushTimer ??= setTimeout(() => void this.flushDone(), DONE_FLUSH_MS).unref();
  }

  private async flushDone(): Promise<void> {
    this.flushTimer = undefined;
    const ids = this.pendingDone;
    this.pendingDone = [];
    if (ids.length === 0) return;
    // Not written: those updates stay "received" or "replying", which only means a harmless re-handling or a closure later.
    await this.q("UPDATE updates SET status = 'done', body = '' WHERE update_id = ANY($1::bigint[])", [ids]).catch(() => undefined);
  }

  /**
   * Updates recorded but never handled, received more than `olderThanMs` ago (so not ones another live instance
   * is handling right now), claimed by this call so that two instances never replay the same one; and those
   * whose reply was in flight, closed.
   */
  async recover(olderThanMs = 0) {
    const before = Date.now() - olderThanMs;
    const interrupted = await this.q("UPDATE updates SET status = 'done', body = '' WHERE status = 'replying' AND received_at <= $1", [before]);
    const { rows } = await this.q<{ body: string }>(
      `UPDATE updates SET received_at = $2 WHERE update_id IN (
         SELECT update_id FROM updates WHERE status = 'received' AND received_at <= $1 ORDER BY update_id FOR UPDATE SKIP LOCKED
       ) RETURNING update_id, body`,
      [before, Date.now()],
    );
    const replay = rows.map((r) => JSON.parse(r.body) as { update_id: number }).sort((a, b) => a.update_id - b.update_id);
    return { replay: replay as unknown[], interrupted: interrupted.rowCount ?? 0 };
  }

  async prune(olderThan: Date) {
    return (await this.q("DELETE FROM updates WHERE status = 'done' AND received_at < $1", [olderThan.getTime()])).rowCount ?? 0;
  }

  async close(): Promise<void> {
    clearTimeout(this.flushTimer);
    await this.flushDone();
  }
}
