import { inject } from "vitest";
import { createDatabaseOn } from "./postgres.ts";

/** A new empty database on the run's PostgreSQL server (global-postgres.ts); returns its URL. */
export function createTestDatabase(): Promise<string> {
  return createDatabaseOn(inject("pgAdminUrl"));
}
