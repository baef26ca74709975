import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const KNOWLEDGE_COPY = resolve("knowledge/sources/info-matin-2025-07-28.txt");
const SEED = resolve("../shared/seed/article.txt");

describe("the source article", () => {
  it("is present in the knowledge base", () => {
    expect(existsSync(KNOWLEDGE_COPY)).toBe(true);
  });

  it.skipIf(!existsSync(SEED))("is byte-identical to the seed article (../shared/seed/article.txt)", () => {
    const copy = readFileSync(KNOWLEDGE_COPY);
    const seed = readFileSync(SEED);
    expect(copy.length).toBe(seed.length);
    expect(copy.equals(seed)).toBe(true);
  });
});
