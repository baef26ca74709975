/**
 * Vitest global set-up: one throw-away PostgreSQL server for the whole run (test/support/postgres.ts); each
 * test file makes its own databases on it (pg-database.ts). Stopped and deleted at the end.
 */
import type { TestProject } from "vitest/node";
import { startTestPostgres } from "./postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  project.provide("pgAdminUrl", server.adminUrl);
  return () => server.stop();
}
