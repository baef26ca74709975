import { existsSync, statSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { StoreError } from "./types.ts";

/**
 * What every SQLite file of the bot shares (subscriptions, update journal):
 * how it is opened and checked, and how statements wait for locks.
 *
 * better-sqlite3 is synchronous, and its busy timeout would wait for a lock
 * with the whole event loop stopped (every chat frozen while a publish or an
 * operator's sqlite3 shell holds the write lock). So SQLite's own wait is off
 * after start-up: a statement that meets a lock fails at once and is retried
 * asynchronously, for up to 5 s; only the command that needed the database
 * waits.
 */

const sqliteCode = (error: unknown) => (error as { code?: string }).code ?? "";
const isBusy = (error: unknown) => sqliteCode(error).startsWith("SQLITE_BUSY") || sqliteCode(error).startsWith("SQLITE_LOCKED");
const isFull = (error: unknown) => sqliteCode(error) === "SQLITE_FULL";

/** How long a statement keeps trying while another process holds the write lock. */
const BUSY_WAIT_MS = 5_000;
/** Databases up to this size get a full integrity check at start-up; bigger ones the quicker structural check. */
const FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024;
/**
 * The write-ahead log is checkpointed every this many pages (4 KiB each) and truncated back to
 * WAL_SIZE_LIMIT after: it stays under ~1 MiB instead of SQLite's 4 MiB default, which matters on a small disk.
 */
const WAL_CHECKPOINT_PAGES = 128;
const WAL_SIZE_LIMIT = 512 * 1024;

/** Turns SQLite's error codes into messages an operator can act on. */
export function explainSqliteError(error: unknown, file: string): StoreError {
  if (error instanceof StoreError) return error;
  const code = sqliteCode(error);
  if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") {
    return new StoreError(`The database ${file} is corrupt or not a SQLite file. Stop the bot, move the file aside (keep it for recovery) and restore a backup, or start without it to create an empty one.`, { cause: error });
  }
  if (isBusy(error)) {
    return new StoreError(`The database ${file} is locked by another process and stayed locked for 5 s. Is another bot or publish command running on the same DATA_DIR?`, { cause: error });
  }
  if (code === "SQLITE_READONLY" || code === "SQLITE_CANTOPEN" || code === "SQLITE_PERM") {
    return new StoreError(`The database ${file} cannot be written (${code}). Give the bot's user write access to DATA_DIR and the files in it.`, { cause: error });
  }
  if (isFull(error)) return new StoreError(`The disk holding ${file} is full: free some space; nothing was lost.`, { cause: error });
  return new StoreError(`Database error on ${file}: ${(error as Error).message}`, { cause: error });
}

interface PendingWrite {
  fn: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class SqliteFile {
  readonly db: Database.Database;

  /**
   * Opens (or creates) the file in WAL mode, checks it is not damaged, and runs `setUp` (migrations) with
   * SQLite's own lock wait still on: at start-up nothing is being answered yet.
   */
  constructor(
    readonly file: string,
    setUp: (db: Database.Database) => void,
  ) {
    try {
      this.db = new Database(file, { timeout: BUSY_WAIT_MS });
      this.db.pragma("journal_mode = WAL");
      // Durable across process crashes (what kill -9 resumption relies on), without an fsync per commit.
      this.db.pragma("synchronous = NORMAL");
      this.db.pragma("foreign_keys = ON");
      // Deleted rows (old logged questions, handled updates) are overwritten, not left readable in free pages.
      this.db.pragma("secure_delete = ON");
      this.db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
      this.db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
      this.checkIntegrity();
      setUp(this.db);
      this.db.pragma("busy_timeout = 0");
    } catch (error) {
      throw explainSqliteError(error, file);
    }
  }

  /** A database damaged past its header opens fine and fails later, on some page: find out now, and say what to do. */
  private checkIntegrity(): void {
    const size = existsSync(this.file) ? statSync(this.file).size : 0;
    if (size === 0) return;
    const pragma = size <= FULL_CHECK_MAX_BYTES ? "integrity_check" : "quick_check";
    const rows = this.db.pragma(`${pragma}(5)`) as Array<Record<string, string>>;
    const problems = rows.map((r) => Object.values(r)[0]).filter((v) => v !== "ok");
    if (problems.length > 0) {
      throw new StoreError(
        `The database ${this.file} is damaged (${problems.slice(0, 2).join("; ")}). Stop the bot and move the file aside (keep it: \`sqlite3 ${this.file} .recover > recovered.sql\` saves most rows), then restore a backup, or start without it to create an empty one.`,
      );
    }
  }

  /**
   * Runs a statement (or a transaction, rolled back whole on error). A lock held by another process is
   * waited for asynchronously, with growing pauses; a full disk first gets the write-ahead log truncated.
   */
  async run<T>(fn: () => T): Promise<T> {
    const deadline = Date.now() + BUSY_WAIT_MS;
    let checkpointed = false;
    for (let pause = 2; ; pause = Math.min(pause * 2, 100)) {
      try {
        return fn();
      } catch (error) {
        if (isBusy(error) && Date.now() + pause < deadline) {
          await sleep(pause);
          continue;
        }
        if (isFull(error) && !checkpointed) {
          checkpointed = true;
          this.truncateWal();
          continue;
        }
        throw explainSqliteError(error, this.file);
      }
    }
  }

  private flushing: Promise<void> = Promise.resolve();
  private pending: PendingWrite[] = [];
  private flushScheduled = false;

  /**
   * Runs a small write with the others asked for in the same turn of the event loop, in one transaction: the
   * bot writes two or three rows per update (journal mark, conversation memory, question log), and one commit
   * for all of a turn's writes costs less than one each. A write that fails fails alone (see flush). The promise
   * settles once the transaction is committed (a journal mark awaited before a reply leaves is on disk by then).
   */
  write<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      // Flushes run one after the other: a later one must never commit before an earlier one waiting on a lock.
      this.flushing = this.flushing.then(() => this.flush());
    });
  }

  /** The writes of a batch in one transaction, their values in order (rolled back whole if one throws). */
  private commit(batch: PendingWrite[]): unknown[] {
    return this.db.transaction(() => batch.map((item) => item.fn())).immediate();
  }

  /** What is waiting, in the order it was asked. */
  private takePending(): PendingWrite[] {
    const batch = this.pending;
    this.pending = [];
    return batch;
  }

  private async flush(): Promise<void> {
    const batch = this.takePending();
    if (batch.length === 0) return;
    let values: unknown[];
    try {
      // IMMEDIATE: the write lock is taken by BEGIN, so a busy database fails (and is retried) before any write.
      values = await this.run(() => this.commit(batch));
    } catch (error) {
      // One write failed: the transaction is rolled back whole, and each write is run on its own, so that only the
      // failing one fails (savepoints around each write cost more than the batch saves; the writes are plain SQL,
      // so running one again has no other effect). When the database itself failed (locked for 5 s, full,
      // closed), all of them fail at once rather than waiting 5 s each.
      const code = sqliteCode((error as { cause?: unknown }).cause ?? error);
      const ofTheDatabase = isBusy({ code }) || code === "SQLITE_FULL" || !this.db.open;
      if (batch.length === 1 || ofTheDatabase) {
        for (const item of batch) item.reject(explainSqliteError(error, this.file));
        return;
      }
      for (const item of batch) await this.run(item.fn).then(item.resolve, (e: unknown) => item.reject(explainSqliteError(e, this.file)));
      return;
    }
    batch.forEach((item, i) => item.resolve(values[i]));
  }

  /** Moves the write-ahead log into the database and empties it: the room it took is free again. */
  truncateWal(): void {
    try {
      this.db.pragma("wal_checkpoint(TRUNCATE)");
    } catch {
      // Nothing more to free; the caller reports the full disk.
    }
  }

  /**
   * Writes what is waiting now, synchronously (one transaction, each write on its own if that fails): at close,
   * so that the writes of the last turn (a question's log row, a journal mark) are not lost with the process.
   */
  private flushNow(): void {
    if (!this.db.open) return;
    const batch = this.takePending();
    if (batch.length === 0) return;
    try {
      const values = this.commit(batch);
      batch.forEach((item, i) => item.resolve(values[i]));
    } catch {
      for (const item of batch) {
        try {
          item.resolve(item.fn());
        } catch (error) {
          item.reject(explainSqliteError(error, this.file));
        }
      }
    }
  }

  /** Writes what is still waiting, then closes the file. */
  close(): void {
    if (!this.db.open) return;
    this.flushNow();
    this.truncateWal();
    this.db.close();
  }
}
