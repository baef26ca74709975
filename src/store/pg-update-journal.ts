import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type pg from "pg";
import { DoneBatcher } from "./done-batcher.ts";
import { explainPgError } from "./pg-store.ts";
import type { UpdateJournal } from "./types.ts";


/**
 * The update journal in PostgreSQL, shared by every instance: Telegram may redeliver a webhook update to any
 * instance behind the load balancer, and the first to record it is the one that handles it. Same contract as
 * the SQLite journal; bodies are dropped once an update is being answered (only its id is kept).
 */
export class PgUpdateJournal implements UpdateJournal {
  private readonly done = new DoneBatcher((ids) => this.q("UPDATE updates SET status = 'done', body = '' WHERE update_id = ANY($1::bigint[])", [ids]).then(() => undefined));

  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    /** This instance, in `updates.owner` and `instances` (host:pid:start, like the publishing lease). */
    readonly instanceId: string = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`,
  ) {}

  /**
   * Tells the other instances this one is alive (every few seconds, from main): its updates, even slow ones (a
   * 429 waited out for minutes), are never taken over while it beats.
   */
  async heartbeat(): Promise<void> {
    await this.q(
      "INSERT INTO instances (id, seen_at) VALUES ($1, extract(epoch FROM clock_timestamp())::float8 * 1000) ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at",
      [this.instanceId],
    );
  }

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
      `INSERT INTO updates (update_id, body, status, received_at, owner)
       SELECT u.id, u.body, 'received', $3, $4 FROM unnest($1::bigint[], $2::text[]) AS u(id, body) ON CONFLICT DO NOTHING RETURNING update_id`,
      [updates.map((u) => u.update_id), updates.map((u) => JSON.stringify(u)), now.getTime(), this.instanceId],
    );
    return new Set(rows.map((r) => r.update_id));
  }

  markDone(updateId: number): void {
    this.done.add(updateId);
  }

  async markReplying(updateId: number) {
    await this.q("UPDATE updates SET status = 'replying', body = '' WHERE update_id = $1 AND status = 'received'", [updateId]);
  }


  /**
   * Updates recorded but never handled, to handle now, and those whose reply was in flight, closed. With
   * `deadForMs` 0 (polling: one instance) every one of them; otherwise (webhook instances sharing the database)
   * only those recorded by an instance that has not beaten for `deadForMs` (its own earlier run included), claimed
   * by this call with SKIP LOCKED so that two instances never replay the same one.
   */
  async recover(deadForMs = 0) {
    // What this instance takes over becomes its own: it must be seen alive first, or the next sweep of another
    // instance would take the same updates from it.
    if (deadForMs > 0) await this.heartbeat();
    const orphaned = `($1::float8 = 0 OR (owner IS DISTINCT FROM $2 AND (owner IS NULL OR NOT EXISTS (
        SELECT 1 FROM instances i WHERE i.id = updates.owner AND i.seen_at >= extract(epoch FROM clock_timestamp())::float8 * 1000 - $1::float8))))`;
    const interrupted = await this.q(`UPDATE updates SET status = 'done', body = '' WHERE status = 'replying' AND ${orphaned}`, [deadForMs, this.instanceId]);
    const { rows } = await this.q<{ body: string }>(
      `UPDATE updates SET owner = $2 WHERE update_id IN (
         SELECT update_id FROM updates WHERE status = 'received' AND ${orphaned} ORDER BY update_id FOR UPDATE SKIP LOCKED
       ) RETURNING update_id, body`,
      [deadForMs, this.instanceId],
    );
    const replay = rows.map((r) => JSON.parse(r.body) as { update_id: number }).sort((a, b) => a.update_id - b.update_id);
    return { replay: replay as unknown[], interrupted: interrupted.rowCount ?? 0 };
  }

  async prune(olderThan: Date) {
    return (await this.q("DELETE FROM updates WHERE status = 'done' AND received_at < $1", [olderThan.getTime()])).rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.done.flush();
  }
}
