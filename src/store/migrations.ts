/**
 * Schema migrations, versioned in code and applied in order on start-up
 * (PRAGMA user_version records the last one applied). Never edit a shipped
 * migration: add the next one.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE subscribers (
        chat_id INTEGER PRIMARY KEY,
        chat_type TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        subscribed_at TEXT NOT NULL,
        unsubscribed_at TEXT,
        deactivated_reason TEXT
      );
      CREATE INDEX subscribers_active ON subscribers(active, chat_id);

      CREATE TABLE broadcasts (
        update_id TEXT PRIMARY KEY,
        lease_owner TEXT,
        lease_until INTEGER NOT NULL DEFAULT 0,
        started_at TEXT NOT NULL,
        finished_at TEXT
      );

      CREATE TABLE outbox (
        update_id TEXT NOT NULL,
        chat_id INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending','sending','sent','failed','deactivated','skipped','unknown')),
        attempts INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT,
        detail TEXT,
        PRIMARY KEY (update_id, chat_id)
      ) WITHOUT ROWID;
      CREATE INDEX outbox_status ON outbox(update_id, status, chat_id);
    `,
  },
  {
    // Rows that failed on a passing fault (network, 5xx) are retried by the next run; a "sending" row whose body never
    // left (the connection failed first) goes back to pending after a crash instead of being reported unknown.
    version: 2,
    sql: `
      ALTER TABLE outbox ADD COLUMN retryable INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE outbox ADD COLUMN body_sent INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    // What a conversation is about, for a few minutes (follow-up questions). The key is a keyed hash of the chat
    // and the user, never their ids.
    version: 3,
    sql: `
      CREATE TABLE conversations (
        key TEXT PRIMARY KEY,
        subject TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX conversations_age ON conversations(updated_at);
    `,
  },
  {
    // The private question log (what was asked and how it went), for curators. No chat or user id, name or username:
    // askers are a keyed hash that changes every month (question-log.ts).
    version: 4,
    sql: `
      CREATE TABLE question_log (
        id TEXT PRIMARY KEY,
        at INTEGER NOT NULL,
        question TEXT NOT NULL,
        status TEXT NOT NULL,
        score REAL NOT NULL,
        match TEXT,
        suggestions TEXT NOT NULL DEFAULT '[]',
        via TEXT NOT NULL CHECK (via IN ('chat', 'inline')),
        asker TEXT NOT NULL,
        feedback TEXT CHECK (feedback IN ('up', 'down')),
        pressed TEXT
      ) WITHOUT ROWID;
      CREATE INDEX question_log_at ON question_log(at);
      CREATE TABLE review_decisions (
        terms TEXT PRIMARY KEY,
        at INTEGER NOT NULL,
        forever INTEGER NOT NULL CHECK (forever IN (0, 1))
      ) WITHOUT ROWID;
    `,
  },
];
