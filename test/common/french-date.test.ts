import { describe, expect, it } from "vitest";
import { frenchDate, frenchDateTime } from "../../src/common/french-date.ts";

describe("frenchDate", () => {
  it.each([
    ["2025-07-28", "28 juillet 2025"],
    ["2025-01-01", "1er janvier 2025"],
    ["2024-12-31", "31 décembre 2024"],
    ["2025-08-05", "5 août 2025"],
  ])("%s → %s", (iso, french) => {
    expect(frenchDate(iso)).toBe(french);
  });

  it("gives Bamako's wall-clock time (UTC, no summer time)", () => {
    expect(frenchDateTime("2025-07-28T14:05:00Z")).toMatch(/28 juillet 2025.*14:05/);
  });
});
