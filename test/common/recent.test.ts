import { describe, expect, it } from "vitest";
import { Recent } from "../../src/common/recent.ts";

describe("Recent", () => {
  it("works a value out once per key, and forgets the oldest key beyond its capacity", () => {
    const made: string[] = [];
    const recent = new Recent<string>(2);
    const make = (k: string) => (made.push(k), k.toUpperCase());
    expect(recent.get("a", make)).toBe("A");
    expect(recent.get("a", make)).toBe("A");
    recent.get("b", make);
    recent.get("c", make);
    recent.get("a", make);
    expect(made).toEqual(["a", "b", "c", "a"]);
  });

  it("keeps an undefined value as a value: what was not found is not looked for again", () => {
    let calls = 0;
    const recent = new Recent<string | undefined>(2);
    const make = () => (calls++, undefined);
    expect(recent.get("x", make)).toBeUndefined();
    expect(recent.get("x", make)).toBeUndefined();
    expect(calls).toBe(1);
  });
});
