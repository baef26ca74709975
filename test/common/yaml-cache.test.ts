import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { parseYamlCached } from "../../src/common/yaml-cache.ts";

describe("parseYamlCached", () => {
  it("gives what yaml.parse gives, the first time and every later time, as independent copies", () => {
    const text = `entries:\n  - id: t-${Date.now()}\n    questions: [Qui ?, "Quand : le 28 ?"]\n    n: 60\n`;
    const first = parseYamlCached(text) as { entries: Array<{ questions: string[] }> };
    expect(first).toEqual(parse(text));
    first.entries[0]?.questions.push("modifié");
    expect(parseYamlCached(text)).toEqual(parse(text));
  });

  it("values JSON would change (.inf, .nan) come back the same every time", () => {
    const text = `limit: .inf\nratio: .nan\nstamp: ${Date.now()}\n`;
    for (let i = 0; i < 2; i++) {
      const value = parseYamlCached(text) as { limit: number; ratio: number };
      expect(value.limit).toBe(Infinity);
      expect(Number.isNaN(value.ratio)).toBe(true);
    }
  });

  it("a YAML error is thrown as yaml.parse throws it", () => {
    expect(() => parseYamlCached("a: [\n")).toThrow();
  });
});
