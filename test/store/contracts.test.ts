/**
 * Every store contract against every implementation: SQLite (a temp DATA_DIR, a second connection = a second
 * process on the same file) and PostgreSQL (a fresh database on the run's throw-away server, a second
 * connection = a second instance).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { PgStore } from "../../src/store/pg-store.ts";
import { SqliteStore } from "../../src/store/sqlite-store.ts";
import { createTestDatabase } from "../support/pg-database.ts";
import { conversationStoreContract } from "./conversation-store.contract.ts";
import { questionLogContract } from "./question-log.contract.ts";
import { subscriptionStoreContract } from "./subscription-store.contract.ts";
import { updateJournalContract } from "./update-journal.contract.ts";
import { SqliteUpdateJournal } from "../../src/store/sqlite-update-journal.ts";
import { PgUpdateJournal } from "../../src/store/pg-update-journal.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function sqliteDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "visite-contract-"));
  dirs.push(dir);
  return dir;
}

subscriptionStoreContract("SQLite", async () => {
  const dir = sqliteDir();
  return { store: SqliteStore.open(dir), another: async () => SqliteStore.open(dir) };
});
subscriptionStoreContract("PostgreSQL", async () => {
  const url = await createTestDatabase();
  return { store: await PgStore.connect(url), another: () => PgStore.connect(url) };
});

conversationStoreContract("SQLite", async () => SqliteStore.open(sqliteDir()));
conversationStoreContract("PostgreSQL", async () => PgStore.connect(await createTestDatabase()));

questionLogContract("SQLite", async () => SqliteStore.open(sqliteDir()));
questionLogContract("PostgreSQL", async () => PgStore.connect(await createTestDatabase()));

updateJournalContract("SQLite", async () => {
  const dir = sqliteDir();
  return { journal: SqliteUpdateJournal.open(dir), reopen: async () => SqliteUpdateJournal.open(dir) };
});
updateJournalContract("PostgreSQL", async () => {
  const url = await createTestDatabase();
  const stores: PgStore[] = [];
  const journalOn = async () => {
    const store = await PgStore.connect(url, { poolSize: 3 });
    stores.push(store);
    const journal = new PgUpdateJournal(store.pool, url);
    // Closing the journal closes its connections too, as the bot process does at its stop.
    return Object.assign(journal, {
      close: async () => {
        await PgUpdateJournal.prototype.close.call(journal);
        await store.close();
      },
    });
  };
  return { journal: await journalOn(), reopen: journalOn };
});
