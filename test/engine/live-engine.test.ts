import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { watchKnowledge } from "../../src/engine/knowledge/watch.ts";
import { LiveEngine } from "../../src/engine/live-engine.ts";

const dirs: string[] = [];
function knowledgeCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "visite-live-"));
  dirs.push(dir);
  cpSync(resolve("knowledge"), dir, { recursive: true });
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const UPDATE = `---
id: livraison-essai-2025-09-02
date: 2025-09-02
title: Arrivée de groupes électrogènes à Kayes
outlet: Rédaction
author: Rédaction
---
Quarante groupes électrogènes offerts par la Russie sont arrivés à Kayes le mardi 2 septembre 2025.
`;

describe("live knowledge", () => {
  it("a new update becomes answerable after a reload, without a new engine", () => {
    const dir = knowledgeCopy();
    const engine = new LiveEngine(dir);
    expect(engine.ask("Combien de groupes électrogènes sont arrivés à Kayes ?").answered).toBe(false);
    writeFileSync(join(dir, "updates", "livraison-essai-2025-09-02.md"), UPDATE);
    const result = engine.reload();
    expect(result).toMatchObject({ ok: true, changed: true });
    const answer = engine.ask("Combien de groupes électrogènes sont arrivés à Kayes ?");
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.quote).toContain("Quarante groupes électrogènes");
    expect(answer.text).toContain("mise à jour du 2 septembre 2025");
    expect(engine.reload()).toMatchObject({ ok: true, changed: false });
  });

  it("an invalid file keeps the current knowledge answering, and the error names the file and the field", () => {
    const dir = knowledgeCopy();
    const engine = new LiveEngine(dir);
    writeFileSync(join(dir, "updates", "casse-2025-09-03.md"), UPDATE.replace("date: 2025-09-02", "date: le deux septembre").replace("livraison-essai-2025-09-02", "casse-2025-09-03"));
    const result = engine.reload();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain("updates/casse-2025-09-03.md");
      expect(result.error).toMatch(/date/);
    }
    expect(engine.ask("Qui a conduit la délégation ?").answered).toBe(true);
  });

  it("the watcher calls back once the files have stopped changing", async () => {
    const dir = knowledgeCopy();
    const calls: string[][] = [];
    const stop = watchKnowledge(dir, (files) => calls.push(files), { debounceMs: 100 });
    try {
      writeFileSync(join(dir, "updates", "a-2025-09-04.md"), UPDATE);
      writeFileSync(join(dir, "updates", ".a.md.swp"), "x");
      writeFileSync(join(dir, "updates", "a-2025-09-04.md"), `${UPDATE}\n`);
      await new Promise((r) => setTimeout(r, 500));
      expect(calls).toHaveLength(1);
      expect(calls[0]).toContain(join("updates", "a-2025-09-04.md"));
      expect(calls[0]?.some((f) => f.includes(".swp"))).toBe(false);
    } finally {
      stop();
    }
  });
});
