import { describe, expect, it } from "vitest";
import { loadDialogues, playDialogues, summarizeDialogues } from "../../src/eval/dialogues.ts";
import { dialogueSuites, evalEngine } from "../../src/eval/suites.ts";
import { foldText } from "../../src/engine/normalize/text.ts";

/**
 * Held-out dialogues, never tuned on, played with the bot's memory and, as the baseline, turn by turn alone: on
 * the article (written from it alone before any follow-up work) and on fictional updates (written by a helper
 * who read only those updates). The floor is 85 % of follow-ups right: not met yet (README). Asserted:
 * follow-ups do no worse with memory than alone, a regression floor per set, and no loss on questions that stand
 * on their own.
 */
const REGRESSION_FLOORS: Record<string, number> = { "dialogues held-out": 0.55, "dialogues updates held-out": 0.25, "dialogues updates fresh6 held-out": 0.55, "dialogues updates fresh7 held-out": 0.45 };
const all = dialogueSuites();

for (const suite of all.filter((s) => s.heldout)) {
  const engine = evalEngine(suite.updateDirs);
  const dialogues = loadDialogues(suite.file);
  const score = (withMemory: boolean) => new Map(summarizeDialogues(playDialogues(dialogues, (q, o) => engine.ask(q, o), withMemory)).map((s) => [s.category, s]));
  const memory = score(true);
  const alone = score(false);
  const floor = REGRESSION_FLOORS[suite.name] ?? 0.5;

  describe(suite.name, () => {
    it(`follow-ups: at least as right with memory as alone, and ≥ ${floor * 100} %`, () => {
      const ours = memory.get("FOLLOW-UPS right")?.rate ?? 0;
      expect(ours).toBeGreaterThanOrEqual(alone.get("FOLLOW-UPS right")?.rate ?? 1);
      expect(ours).toBeGreaterThanOrEqual(floor);
    });

    it("no loss on single questions: first turns and turns that stand alone do as well with memory", () => {
      for (const group of ["FIRST TURNS right", "LATER TURNS standing alone right"]) {
        expect(memory.get(group)?.rate ?? 0, group).toBeGreaterThanOrEqual(alone.get(group)?.rate ?? 1);
      }
    });
  });
}

describe("the dialogue sets", () => {
  it("have at least 80 dialogues on the article, tuning and held-out together, each in two or three turns", () => {
    const onArticle = all.filter((s) => s.updateDirs.length === 0).flatMap((s) => loadDialogues(s.file));
    expect(onArticle.length).toBeGreaterThanOrEqual(80);
    expect(all.flatMap((s) => loadDialogues(s.file)).every((d) => d.turns.length >= 2 && d.turns.length <= 3)).toBe(true);
  });

  it("give facts that are verbatim in the sources they are about", () => {
    for (const suite of all) {
      const engine = evalEngine(suite.updateDirs);
      // (As the judge reads them: folded, with each source's outlet and author, which the citation line shows.)
      const { passages, sources } = engine.knowledge;
      const text = foldText([...passages.map((p) => p.text), ...sources.flatMap((s) => [s.outlet, s.author])].join("\n"));
      for (const d of loadDialogues(suite.file)) for (const t of d.turns) for (const f of t.facts ?? []) expect(text.includes(foldText(f)), `${suite.name}: "${f}"`).toBe(true);
    }
  });
});
