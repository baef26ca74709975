import { describe, expect, it } from "vitest";
import { randomHexId } from "../../src/common/random-id.ts";

describe("randomHexId", () => {
  it("gives ids of the asked size in hexadecimal, all different across many refills of the pool", () => {
    const ids = Array.from({ length: 5000 }, () => randomHexId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(randomHexId(3)).toMatch(/^[0-9a-f]{6}$/);
  });

  it("never hands out the same bytes twice when a request does not fit in what is left of the pool", () => {
    const ids = Array.from({ length: 2000 }, (_, i) => randomHexId(1 + (i % 37)));
    expect(new Set(ids.filter((id) => id.length >= 16)).size).toBe(ids.filter((id) => id.length >= 16).length);
  });

  it("refuses a size bigger than its pool", () => {
    expect(() => randomHexId(10_000)).toThrow(RangeError);
  });
});
