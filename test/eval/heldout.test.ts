import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine/engine.ts";
import { isVerbatimQuote } from "../../src/engine/knowledge/quotes.ts";
import { loadKnowledge } from "../../src/engine/knowledge/load.ts";
import { createBaseline } from "../../src/eval/baseline.ts";
import { evaluate, summarize } from "../../src/eval/evaluate.ts";
import { loadQuestionSet } from "../../src/eval/question-set.ts";

/**
 * Floors on the held-out questions, which were written before any tuning and
 * are never tuned on: the floors the issue states.
 */
const FLOORS = {
  "ON-TOPIC answered+cited": 0.95,
  "OFF-TOPIC+SMALLTALK refused": 0.95,
  "UNANSWERABLE refused": 0.75,
};

const engine = createEngine(loadKnowledge(resolve("knowledge")));
const items = loadQuestionSet(resolve("test/eval/heldout.yaml"));
const summary = new Map(summarize(evaluate(items, (q) => engine.ask(q))).map((s) => [s.category, s]));

describe("held-out question set", () => {
  it("has enough questions of every kind to mean something", () => {
    expect(items.length).toBeGreaterThanOrEqual(100);
    for (const kind of ["answer", "offtopic", "smalltalk", "unanswerable"]) expect(items.filter((i) => i.kind === kind).length).toBeGreaterThanOrEqual(10);
  });

  for (const [group, floor] of Object.entries(FLOORS)) {
    it(`${group} ≥ ${floor * 100} %`, () => {
      const s = summary.get(group);
      expect(s, group).toBeDefined();
      expect(s?.rate, `${group}: ${s?.right}/${s?.total}`).toBeGreaterThanOrEqual(floor);
    });
  }

  it("quotes every citation verbatim (100 %)", () => {
    for (const item of items) {
      for (const c of engine.ask(item.q).citations) {
        const source = engine.sourceById(c.sourceId);
        expect(source && isVerbatimQuote(source, c.quote), `${item.q} → ${c.quote}`).toBe(true);
      }
    }
  });

  it("beats the naive baseline overall", () => {
    const baseline = createBaseline(engine.knowledge.passages);
    const base = new Map(summarize(evaluate(items, (q) => baseline.ask(q))).map((s) => [s.category, s]));
    expect(summary.get("ALL")?.rate ?? 0).toBeGreaterThan((base.get("ALL")?.rate ?? 1) + 0.2);
  });
});
