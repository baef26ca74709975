import { describe, expect, it } from "vitest";
import { evaluate, summarize, type CategoryScore } from "../../src/eval/evaluate.ts";
import { createMiniSearchBaseline } from "../../src/eval/minisearch-baseline.ts";
import { loadQuestionSet } from "../../src/eval/question-set.ts";
import { evalEngine, suites } from "../../src/eval/suites.ts";

/**
 * The held-out questions on the fictional updates (written before any tuning, by someone who had read only the
 * update texts; never tuned on), answered with the updates loaded beside the knowledge.
 *
 * The floors are 85 % of update questions answered with the fact and 80 % of update-unanswerable ones
 * refused: not met yet (see README, "Measured quality"). What is asserted here are the floors that are
 * met (English ≥ 60 %, ahead of MiniSearch by 15 points) and regression floors a little under today's figures,
 * so that a change that loses ground on new text fails.
 */
const REGRESSION_FLOORS = {
  "UPDATES answered+cited": 0.6,
  "UPDATE-UNANSWERABLE refused": 0.5,
  "OFF-TOPIC+SMALLTALK refused": 0.95,
};
const ENGLISH_FLOOR = 0.6;
const LEAD_OVER_MINISEARCH = 0.15;

const suite = suites().find((s) => s.name === "updates held-out");
if (!suite) throw new Error("the held-out update suite is missing");
const engine = evalEngine(true);
const items = loadQuestionSet(suite.file);
const byCategory = (scores: CategoryScore[]) => new Map(scores.map((s) => [s.category, s]));
const ours = byCategory(summarize(evaluate(items, (q) => engine.ask(q)), suite.categories));
const mini = createMiniSearchBaseline(engine.knowledge.passages);
const theirs = byCategory(summarize(evaluate(items, (q) => mini.ask(q)), suite.categories));

describe("held-out questions on new updates", () => {
  it("has the sizes the issue asks for (with the tuning set)", () => {
    const tuning = loadQuestionSet(suites().find((s) => s.name === "updates tuning")?.file ?? "");
    const all = [...tuning, ...items];
    expect(all.filter((i) => i.kind === "answer" && i.lang === "fr").length).toBeGreaterThanOrEqual(150);
    expect(all.filter((i) => i.kind === "unanswerable" && i.lang === "fr").length).toBeGreaterThanOrEqual(30);
    expect(all.filter((i) => i.lang === "en").length).toBeGreaterThanOrEqual(60);
  });

  for (const [group, floor] of Object.entries(REGRESSION_FLOORS)) {
    it(`${group} ≥ ${floor * 100} % (regression floor)`, () => {
      const s = ours.get(group);
      expect(s?.rate ?? 0, `${group}: ${s?.right}/${s?.total}`).toBeGreaterThanOrEqual(floor);
    });
  }

  it(`English questions ≥ ${ENGLISH_FLOOR * 100} %`, () => {
    const s = ours.get("ENGLISH right");
    expect(s?.rate ?? 0, `${s?.right}/${s?.total}`).toBeGreaterThanOrEqual(ENGLISH_FLOOR);
  });

  it(`answers update questions at least ${LEAD_OVER_MINISEARCH * 100} points better than a stock MiniSearch BM25 index`, () => {
    const engineRate = ours.get("UPDATES answered+cited")?.rate ?? 0;
    const miniRate = theirs.get("UPDATES answered+cited")?.rate ?? 1;
    expect(engineRate - miniRate).toBeGreaterThanOrEqual(LEAD_OVER_MINISEARCH);
  });
});

const FRESH_SETS = [
  { suite: "updates fresh held-out", firstRun: "58.9 % vs 44.4 %", floor: 0.5 },
  { suite: "updates fresh2 held-out", firstRun: "68.8 % vs 54.8 %", floor: 0.6 },
  { suite: "updates fresh3 held-out", firstRun: "52.8 % vs 41.6 %", floor: 0.5 },
  { suite: "updates fresh4 held-out", firstRun: "61.9 % vs 27.4 %", floor: 0.55 },
  { suite: "updates fresh5 held-out", firstRun: "77.0 % vs 50.0 %", floor: 0.7 },
  { suite: "updates fresh6 held-out", firstRun: "59.8 % vs 36.1 %", floor: 0.52 },
  { suite: "updates fresh7 held-out", firstRun: "60.2 % vs 33.0 %", floor: 0.55 },
];

for (const set of FRESH_SETS) {
  describe(`${set.suite} (three more updates, questions by someone who read only them)`, () => {
    const fresh = suites().find((s) => s.name === set.suite);
    if (!fresh) throw new Error(`the suite "${set.suite}" is missing`);
    const freshEngine = evalEngine(fresh.updateDirs);
    const freshItems = loadQuestionSet(fresh.file);

    it("can be met: every fact is verbatim in the update its question is about", () => {
      const textOf = (id: string | undefined) => freshEngine.knowledge.sources.find((s) => s.id === id)?.paragraphs.map((p) => p.text).join("\n") ?? "";
      const missing = freshItems.flatMap((i) => (i.kind === "answer" ? i.facts.filter((f) => !textOf(i.source).includes(f)).map((f) => `${i.q}: ${f}`) : []));
      expect(missing).toEqual([]);
      expect(freshItems.filter((i) => i.kind === "answer").length).toBeGreaterThanOrEqual(100);
    });

    it(`answers its update questions better than a stock MiniSearch BM25 index (regression floor; first run ${set.firstRun})`, () => {
      const scores = byCategory(summarize(evaluate(freshItems, (q) => freshEngine.ask(q)), fresh.categories));
      const peer = createMiniSearchBaseline(freshEngine.knowledge.passages);
      const peerScores = byCategory(summarize(evaluate(freshItems, (q) => peer.ask(q)), fresh.categories));
      const engineRate = scores.get("UPDATES answered+cited")?.rate ?? 0;
      expect(engineRate).toBeGreaterThanOrEqual(set.floor);
      expect(engineRate - (peerScores.get("UPDATES answered+cited")?.rate ?? 1)).toBeGreaterThanOrEqual(0.05);
    });
  });
}
