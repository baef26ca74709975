import { PgStore } from "./pg-store.ts";
import { PgUpdateJournal } from "./pg-update-journal.ts";
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
 * The store the settings ask for: PostgreSQL when DATABASE_URL is set (several instances share it), else SQLite
 * in DATA_DIR (the embedded default, nothing to install).
 */
export async function openStore(settings: StoreSettings): Promise<{ store: OpenedStore; kind: "postgresql" | "sqlite"; pg?: PgStore }> {
  if (settings.DATABASE_URL) {
    const pg = await PgStore.connect(settings.DATABASE_URL, settings.DATABASE_POOL_SIZE ? { poolSize: settings.DATABASE_POOL_SIZE } : {});
    return { store: pg, kind: "postgresql", pg };
  }
  return { store: SqliteStore.open(settings.DATA_DIR), kind: "sqlite" };
}

/** The update journal next to the store: in PostgreSQL it is shared by the instances, in SQLite it is DATA_DIR/updates.sqlite. */
export function openJournal(settings: StoreSettings, pg: PgStore | undefined): UpdateJournal {
  return pg ? new PgUpdateJournal(pg.pool, pg.url) : SqliteUpdateJournal.open(settings.DATA_DIR);
}
