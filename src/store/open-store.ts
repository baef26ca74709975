import type { PgStore } from "./pg-store.ts";
import type { PgUpdateJournal } from "./pg-update-journal.ts";
import { SqliteStore } from "./sqlite-store.ts";
import { SqliteUpdateJournal } from "./sqlite-update-journal.ts";
import type { BotStore, UpdateJournal } from "./types.ts";

export interface StoreSettings {
  DATA_DIR: string;
  DATABASE_URL?: string | undefined;
  DATABASE_POOL_SIZE?: number | undefined;
}

export type OpenedStore = BotStore & { close(): Promise<void> };

/**
 * The store the settings ask for, and its update journal (`journal()`: in PostgreSQL shared by the instances,
 * in SQLite DATA_DIR/updates.sqlite): PostgreSQL when DATABASE_URL is set (several instances share it), else SQLite
 * in DATA_DIR (the embedded default, nothing to install).
 */
export async function openStore(settings: StoreSettings): Promise<{ store: OpenedStore; kind: "postgresql" | "sqlite"; pg?: PgStore; journal(): Promise<UpdateJournal> }> {
  if (settings.DATABASE_URL) {
    // Loaded only when asked for: the embedded default does not pay for the PostgreSQL client's memory.
    const { PgStore } = await import("./pg-store.ts");
    const pg = await PgStore.connect(settings.DATABASE_URL, settings.DATABASE_POOL_SIZE ? { poolSize: settings.DATABASE_POOL_SIZE } : {});
    return {
      store: pg,
      kind: "postgresql",
      pg,
      journal: async (): Promise<PgUpdateJournal> => new (await import("./pg-update-journal.ts")).PgUpdateJournal(pg.pool, pg.url),
    };
  }
  return { store: SqliteStore.open(settings.DATA_DIR), kind: "sqlite", journal: async () => SqliteUpdateJournal.open(settings.DATA_DIR) };
}
