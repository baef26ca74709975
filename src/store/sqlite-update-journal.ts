import { join, resolve } from "node:path";
import type Database from "better-sqlite3";
import { ensureWritableDir } from "./sqlite-store.ts";
import { DoneBatcher } from "./done-batcher.ts";
import { SqliteFile } from "./sqlite-file.ts";
import type { UpdateJournal } from "./types.ts";

const SCHEMA_VERSION = 1;
/** Handled updates are marked done in batches, this often: one write per batch, not per update. */

/**
 * The update journal in its own SQLite file (DATA_DIR/updates.sqlite), apart
 * from the subscriptions: a publish or an operator holding bot.sqlite's write
 * lock never delays the questions, which need no other table.
 */
export class SqliteUpdateJournal implements UpdateJournal {
  private readonly sqlite: SqliteFile;
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly replying: Database.Statement;
  private readonly done: Database.Statement;
  private readonly doneMarks = new DoneBatcher((ids) =>
    this.sqlite.run(() =>
      this.db.transaction(() => {
        for (const id of ids) this.done.run(id);
      })(),
    ),
  );

  static open(dataDir: string): SqliteUpdateJournal {
    const dir = resolve(dataDir);
    ensureWritableDir(dir);
    return new SqliteUpdateJournal(join(dir, "updates.sqlite"));
  }

  constructor(readonly file: string) {
    this.sqlite = new SqliteFile(file, (db) =>
      db.transaction(() => {
        if ((db.pragma("user_version", { simple: true }) as number) >= SCHEMA_VERSION) return;
        db.exec(`
          CREATE TABLE updates (
            update_id INTEGER PRIMARY KEY,
            body TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('received', 'replying', 'done')),
            received_at INTEGER NOT NULL
          );
          CREATE INDEX updates_status ON updates(status, update_id);
        `);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      }).immediate(),
    );
    this.db = this.sqlite.db;
    // Once an update is being answered its body (who wrote what) is no longer needed, only its id (so that a
    // redelivery is recognised): the body is dropped then, and the journal never keeps who asked what.
    this.insert = this.db.prepare("INSERT OR IGNORE INTO updates (update_id, body, status, received_at) VALUES (?, ?, 'received', ?)");
    this.replying = this.db.prepare("UPDATE updates SET status = 'replying', body = '' WHERE update_id = ? AND status = 'received'");
    this.done = this.db.prepare("UPDATE updates SET status = 'done', body = '' WHERE update_id = ?");
  }

  record(updates: ReadonlyArray<{ update_id: number }>, now: Date) {
    // With the other writes of the same turn (the "replying" marks of the updates being answered): one commit.
    // (Run again alone if the batch fails: INSERT OR IGNORE makes a second run harmless.)
    return this.sqlite.write(() => {
      const fresh = new Set<number>();
      for (const u of updates) if (this.insert.run(u.update_id, JSON.stringify(u), now.getTime()).changes === 1) fresh.add(u.update_id);
      return fresh;
    });
  }

  markDone(updateId: number): void {
    this.doneMarks.add(updateId);
  }

  markReplying(updateId: number) {
    return this.sqlite.write(() => {
      this.replying.run(updateId);
    });
  }


  recover() {
    return this.sqlite.run(() =>
      this.db.transaction(() => {
        const interrupted = this.db.prepare("UPDATE updates SET status = 'done', body = '' WHERE status = 'replying'").run().changes;
        const rows = this.db.prepare("SELECT body FROM updates WHERE status = 'received' ORDER BY update_id").all() as Array<{ body: string }>;
        return { replay: rows.map((r) => JSON.parse(r.body) as unknown), interrupted };
      }).immediate(),
    );
  }

  prune(olderThan: Date) {
    return this.sqlite.run(() => this.db.prepare("DELETE FROM updates WHERE status = 'done' AND received_at < ?").run(olderThan.getTime()).changes);
  }

  async close(): Promise<void> {
    await this.doneMarks.flush();
    this.sqlite.close();
  }
}
