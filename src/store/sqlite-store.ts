import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type Database from "better-sqlite3";
import { redactTokens } from "../redact.ts";
import { toLogged, toSubscriber, type QuestionRow, type SubscriberRow } from "./rows.ts";
import { MIGRATIONS } from "./migrations.ts";
import { SqliteFile } from "./sqlite-file.ts";
import {
  StoreError,
  type BroadcastSummary,
  type ConversationStore,
  type LoggedQuestion,
  type OutboxRow,
  type OutboxStatus,
  type QuestionLog,
  type SubscriptionStore,
} from "./types.ts";


/**
 * SQLite store (better-sqlite3) in DATA_DIR/bot.sqlite: WAL mode so the bot
 * and a publish command can share it; locks are waited for without stopping
 * the event loop (see sqlite-file.ts).
 */
export class SqliteStore implements SubscriptionStore, ConversationStore, QuestionLog {
  private readonly sqlite: SqliteFile;
  private readonly db: Database.Database;
  readonly file: string;

  static open(dataDir: string): SqliteStore {
    const dir = resolve(dataDir);
    ensureWritableDir(dir);
    return new SqliteStore(join(dir, "bot.sqlite"));
  }

  constructor(file: string) {
    this.file = file;
    this.sqlite = new SqliteFile(file, (db) => migrate(db, file));
    this.db = this.sqlite.db;
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** A prepared statement, prepared once per store: preparing on every call was a tenth of the bot's CPU per update. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  private run<T>(fn: () => T): Promise<T> {
    return this.sqlite.run(fn);
  }

  subscribe(chatId: number, chatType: string, now: Date) {
    return this.run(() =>
      this.db.transaction(() => {
        const before = this.sql("SELECT active FROM subscribers WHERE chat_id = ?").get(chatId) as { active: number } | undefined;
        this
          .sql(
            `INSERT INTO subscribers (chat_id, chat_type, active, subscribed_at) VALUES (?, ?, 1, ?)
             ON CONFLICT(chat_id) DO UPDATE SET
               chat_type = excluded.chat_type,
               subscribed_at = CASE WHEN active = 1 THEN subscribed_at ELSE excluded.subscribed_at END,
               active = 1, unsubscribed_at = NULL, deactivated_reason = NULL`,
          )
          .run(chatId, chatType, now.toISOString());
        const row = this.sql("SELECT * FROM subscribers WHERE chat_id = ?").get(chatId) as SubscriberRow;
        return { changed: before?.active !== 1, subscriber: toSubscriber(row) };
        // IMMEDIATE: take the write lock first, so a busy database is waited for (busy timeout) instead of failing at once.
      }).immediate(),
    );
  }

  unsubscribe(chatId: number, now: Date) {
    return this.run(
      () => this.sql("UPDATE subscribers SET active = 0, unsubscribed_at = ? WHERE chat_id = ? AND active = 1").run(now.toISOString(), chatId).changes > 0,
    );
  }

  getSubscriber(chatId: number) {
    return this.run(() => {
      const row = this.sql("SELECT * FROM subscribers WHERE chat_id = ?").get(chatId) as SubscriberRow | undefined;
      return row ? toSubscriber(row) : undefined;
    });
  }

  deactivate(chatId: number, reason: string, now: Date) {
    return this.run(() => {
      this.sql("UPDATE subscribers SET active = 0, unsubscribed_at = ?, deactivated_reason = ? WHERE chat_id = ? AND active = 1").run(now.toISOString(), reason, chatId);
    });
  }

  migrateChat(oldChatId: number, newChatId: number, now: Date) {
    return this.run(() =>
      this.db.transaction(() => {
        const old = this.sql("SELECT * FROM subscribers WHERE chat_id = ? AND active = 1").get(oldChatId) as SubscriberRow | undefined;
        if (!old) return false;
        this
          .sql(
            `INSERT INTO subscribers (chat_id, chat_type, active, subscribed_at) VALUES (?, 'supergroup', 1, ?)
             ON CONFLICT(chat_id) DO UPDATE SET active = 1, chat_type = 'supergroup', unsubscribed_at = NULL, deactivated_reason = NULL`,
          )
          .run(newChatId, old.subscribed_at);
        this
          .sql("UPDATE subscribers SET active = 0, unsubscribed_at = ?, deactivated_reason = ? WHERE chat_id = ?")
          .run(now.toISOString(), `became the supergroup ${newChatId}`, oldChatId);
        return true;
      }).immediate(),
    );
  }

  countActive() {
    return this.run(() => (this.sql("SELECT count(*) AS n FROM subscribers WHERE active = 1").get() as { n: number }).n);
  }

  pageActive(afterChatId: number, limit: number) {
    return this.run(() =>
      (this.sql("SELECT * FROM subscribers WHERE active = 1 AND chat_id > ? ORDER BY chat_id LIMIT ?").all(afterChatId, limit) as SubscriberRow[]).map(toSubscriber),
    );
  }

  acquireLease(updateId: string, owner: string, now: Date, ttlMs: number, isOwnerAlive: (owner: string) => boolean) {
    return this.run(() =>
      this.db.transaction(() => {
        const t = now.getTime();
        this.sql("INSERT OR IGNORE INTO broadcasts (update_id, lease_owner, lease_until, started_at) VALUES (?, NULL, 0, ?)").run(updateId, now.toISOString());
        const row = this.sql("SELECT lease_owner, lease_until FROM broadcasts WHERE update_id = ?").get(updateId) as { lease_owner: string | null; lease_until: number };
        const free = !row.lease_owner || row.lease_owner === owner || row.lease_until < t || !isOwnerAlive(row.lease_owner);
        if (!free) return false;
        this.sql("UPDATE broadcasts SET lease_owner = ?, lease_until = ?, finished_at = NULL WHERE update_id = ?").run(owner, t + ttlMs, updateId);
        return true;
      }).immediate(),
    );
  }

  releaseLease(updateId: string, owner: string) {
    return this.run(() => {
      this.sql("UPDATE broadcasts SET lease_owner = NULL, lease_until = 0, finished_at = ? WHERE update_id = ? AND lease_owner = ?").run(new Date().toISOString(), updateId, owner);
    });
  }

  enqueueActiveSubscribers(updateId: string, now: Date) {
    // One statement inside SQLite: a million subscribers never pass through JavaScript memory.
    return this.run(
      () =>
        this
          .sql("INSERT OR IGNORE INTO outbox (update_id, chat_id, status, updated_at) SELECT ?, chat_id, 'pending', ? FROM subscribers WHERE active = 1")
          .run(updateId, now.toISOString()).changes,
    );
  }

  enqueueChat(updateId: string, chatId: number, now: Date) {
    return this.run(() => {
      this.sql("INSERT OR IGNORE INTO outbox (update_id, chat_id, status, updated_at) VALUES (?, ?, 'pending', ?)").run(updateId, chatId, now.toISOString());
    });
  }

  markInterruptedSends(updateId: string) {
    return this.run(() =>
      this.db.transaction(() => {
        // Interrupted before its body left (still connecting): nothing reached Telegram, so it is simply sent again.
        const requeued = this.sql("UPDATE outbox SET status = 'pending' WHERE update_id = ? AND status = 'sending' AND body_sent = 0").run(updateId).changes;
        const unknown = this
          .sql("UPDATE outbox SET status = 'unknown', detail = 'interrupted while sending: Telegram may or may not have delivered it' WHERE update_id = ? AND status = 'sending'")
          .run(updateId).changes;
        return { unknown, requeued };
      }).immediate(),
    );
  }

  requeueRetryable(updateId: string) {
    return this.run(
      () => this.sql("UPDATE outbox SET status = 'pending', retryable = 0 WHERE update_id = ? AND status = 'failed' AND retryable = 1").run(updateId).changes,
    );
  }

  markBodySent(updateId: string, chatId: number) {
    return this.run(() => {
      this.sql("UPDATE outbox SET body_sent = 1 WHERE update_id = ? AND chat_id = ? AND status = 'sending'").run(updateId, chatId);
    });
  }

  pendingPage(updateId: string, limit: number) {
    return this.run(() =>
      this.db.transaction(() => {
        // Read the next pending rows in index order with their subscriber's state; rows of chats that unsubscribed
        // since are marked skipped here, page by page (never a scan of every pending row).
        const page = this.sql(
          `SELECT o.chat_id, o.attempts, COALESCE(s.active, 0) AS active FROM outbox o LEFT JOIN subscribers s ON s.chat_id = o.chat_id
           WHERE o.update_id = ? AND o.status = 'pending' ORDER BY o.chat_id LIMIT ?`,
        );
        const skip = this.sql("UPDATE outbox SET status = 'skipped', detail = 'unsubscribed before delivery' WHERE update_id = ? AND chat_id = ? AND status = 'pending'");
        for (;;) {
          const rows = page.all(updateId, limit) as Array<{ chat_id: number; attempts: number; active: number }>;
          const active = rows.filter((r) => r.active === 1);
          for (const r of rows) if (r.active !== 1) skip.run(updateId, r.chat_id);
          if (active.length > 0 || rows.length === 0) {
            return active.map((r): OutboxRow => ({ updateId, chatId: r.chat_id, status: "pending", attempts: r.attempts }));
          }
        }
      }).immediate(),
    );
  }

  claim(updateId: string, chatId: number) {
    return this.run(() => this.sql("UPDATE outbox SET status = 'sending', body_sent = 0 WHERE update_id = ? AND chat_id = ? AND status = 'pending'").run(updateId, chatId).changes === 1);
  }

  /** Every outbox row's status by chat (tests and tools). */
  outboxForTesting(updateId: string): Promise<Record<number, string>> {
    return this.run(() => {
      const rows = this.sql("SELECT chat_id, status FROM outbox WHERE update_id = ? ORDER BY chat_id").all(updateId) as Array<{ chat_id: number; status: string }>;
      return Object.fromEntries(rows.map((r) => [r.chat_id, r.status]));
    });
  }

  /** Claims a whole page at once (tools and tests; the broadcaster claims row by row). */
  async claimPending(updateId: string, limit: number): Promise<OutboxRow[]> {
    const claimed: OutboxRow[] = [];
    for (const row of await this.pendingPage(updateId, limit)) {
      if (await this.claim(updateId, row.chatId)) claimed.push({ ...row, status: "sending" });
    }
    return claimed;
  }

  releaseClaim(updateId: string, chatId: number, attempts: number) {
    return this.run(() => {
      this.sql("UPDATE outbox SET status = 'pending', attempts = ? WHERE update_id = ? AND chat_id = ? AND status = 'sending'").run(attempts, updateId, chatId);
    });
  }

  finish(updateId: string, chatId: number, status: Exclude<OutboxStatus, "pending" | "sending">, now: Date, detail?: string, options: { retryable?: boolean } = {}) {
    // Details come from Telegram's and the network's error messages: a token in one of them must never be stored.
    const kept = detail === undefined ? null : redactTokens(detail);
    return this.run(() => {
      this
        .sql("UPDATE outbox SET status = ?, attempts = attempts + 1, updated_at = ?, detail = ?, retryable = ? WHERE update_id = ? AND chat_id = ?")
        .run(status, now.toISOString(), kept, options.retryable ? 1 : 0, updateId, chatId);
    });
  }

  summary(updateId: string) {
    return this.run((): BroadcastSummary => {
      const byStatus = { pending: 0, sending: 0, sent: 0, failed: 0, deactivated: 0, skipped: 0, unknown: 0 } as Record<OutboxStatus, number>;
      const rows = this.sql("SELECT status, count(*) AS n FROM outbox WHERE update_id = ? GROUP BY status").all(updateId) as Array<{ status: OutboxStatus; n: number }>;
      for (const r of rows) byStatus[r.status] = r.n;
      const b = this.sql("SELECT started_at, finished_at FROM broadcasts WHERE update_id = ?").get(updateId) as { started_at: string; finished_at: string | null } | undefined;
      return {
        updateId,
        total: rows.reduce((s, r) => s + r.n, 0),
        byStatus,
        ...(b ? { startedAt: b.started_at } : {}),
        ...(b?.finished_at ? { finishedAt: b.finished_at } : {}),
      };
    });
  }

  recallSubject(key: string, now: Date, maxAgeMs: number) {
    return this.run(() => {
      const row = this.sql("SELECT subject FROM conversations WHERE key = ? AND updated_at >= ?").get(key, now.getTime() - maxAgeMs) as { subject: string } | undefined;
      return row?.subject;
    });
  }

  rememberSubject(key: string, subject: string, now: Date) {
    return this.sqlite.write(() => {
      this
        .sql("INSERT INTO conversations (key, subject, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET subject = excluded.subject, updated_at = excluded.updated_at")
        .run(key, subject, now.getTime());
    });
  }

  forgetSubjectsBefore(before: Date) {
    return this.run(() => this.sql("DELETE FROM conversations WHERE updated_at < ?").run(before.getTime()).changes);
  }

  logQuestion(q: LoggedQuestion) {
    return this.sqlite.write(() => {
      this
        .sql("INSERT OR IGNORE INTO question_log (id, at, question, status, score, match, suggestions, via, asker) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .run(q.id, q.at.getTime(), q.question, q.status, q.score, q.match ?? null, JSON.stringify(q.suggestions), q.via, q.asker);
    });
  }

  recordFeedback(id: string, vote: "up" | "down") {
    return this.run(() => this.sql("UPDATE question_log SET feedback = ? WHERE id = ?").run(vote, id).changes === 1);
  }

  recordSuggestionPressed(id: string, faqId: string) {
    return this.run(() => {
      this.sql("UPDATE question_log SET pressed = ? WHERE id = ?").run(faqId, id);
    });
  }

  getQuestion(id: string) {
    return this.run(() => {
      const row = this.sql("SELECT * FROM question_log WHERE id = ?").get(id) as QuestionRow | undefined;
      return row ? toLogged(row) : undefined;
    });
  }

  questionsSince(since: Date) {
    return this.run(() => (this.sql("SELECT * FROM question_log WHERE at >= ? ORDER BY at").all(since.getTime()) as QuestionRow[]).map(toLogged));
  }

  forgetQuestionsBefore(before: Date) {
    return this.run(() => this.sql("DELETE FROM question_log WHERE at < ?").run(before.getTime()).changes);
  }

  ignoreInReview(terms: string, now: Date) {
    return this.run(() => {
      this.sql("INSERT OR REPLACE INTO review_decisions (terms, at, forever) VALUES (?, ?, 1)").run(terms, now.getTime());
    });
  }

  markReviewed(terms: string, now: Date) {
    return this.run(() => {
      // Never turns an "ignore for good" back into a dated decision.
      this
        .sql("INSERT INTO review_decisions (terms, at, forever) VALUES (?, ?, 0) ON CONFLICT (terms) DO UPDATE SET at = excluded.at WHERE forever = 0")
        .run(terms, now.getTime());
    });
  }

  reviewDecisions() {
    return this.run(() => {
      const rows = this.sql("SELECT terms, at, forever FROM review_decisions").all() as Array<{ terms: string; at: number; forever: number }>;
      return new Map(rows.map((r) => [r.terms, { at: new Date(r.at), forever: r.forever === 1 }]));
    });
  }


  /** Bulk insert for benchmarks and tests: one transaction per call. */
  insertSubscribersForTesting(chatIds: Iterable<number>, now: Date): void {
    const insert = this.sql("INSERT OR IGNORE INTO subscribers (chat_id, chat_type, active, subscribed_at) VALUES (?, 'private', 1, ?)");
    const iso = now.toISOString();
    this.db.transaction(() => {
      for (const id of chatIds) insert.run(id, iso);
    })();
  }

  close() {
    return this.run(() => this.sqlite.close());
  }
}

/** DATA_DIR exists (created if need be) and can be written, or a message says how to fix it. */
export function ensureWritableDir(dir: string): void {
  try {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new StoreError(`DATA_DIR ${dir} cannot be created or written (${(error as NodeJS.ErrnoException).code}). Point DATA_DIR to a writable folder.`, { cause: error });
  }
}

/** Reads the version and migrates under one write lock: two processes opening a new DATA_DIR at once migrate once. */
function migrate(db: Database.Database, file: string): void {
  db.transaction(() => {
    const current = db.pragma("user_version", { simple: true }) as number;
    const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
    if (current > latest) {
      throw new StoreError(`The database ${file} has schema version ${current}, newer than this program knows (${latest}). Run a newer version of the bot.`);
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}
