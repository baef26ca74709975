import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // End-to-end tests start the real bot as a child process; give them room on a shared 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // A throw-away PostgreSQL server for the store contract and the multi-instance tests.
    globalSetup: ["test/support/global-postgres.ts"],
  },
});
