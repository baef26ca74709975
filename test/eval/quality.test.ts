/**
 * Answer quality on the tuning question set: the engine must beat the naive
 * Fuse.js baseline on every summary group, and every quote it shows must be
 * verbatim. (The floors on the held-out set live in heldout.test.ts.)
 */
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../../src/engine/engine.ts";
import { loadKnowledge } from "../../src/engine/knowledge/load.ts";
import { isVerbatimQuote } from "../../src/engine/knowledge/quotes.ts";
import { createBaseline } from "../../src/eval/baseline.ts";
import { evaluate, judge, summarize, type CategoryScore, type ItemResult } from "../../src/eval/evaluate.ts";
import { loadQuestionSet, type EvalItem } from "../../src/eval/question-set.ts";

/** The groups the floors are stated on: written in capitals by summarize(). */
const SUMMARY_GROUPS = ["ON-TOPIC answered+cited", "OFF-TOPIC+SMALLTALK refused", "UNANSWERABLE refused", "ALL"];

let engine: Engine;
let items: EvalItem[];
let ours: ItemResult[];
let base: ItemResult[];
let oursByGroup: Map<string, CategoryScore>;
let baseByGroup: Map<string, CategoryScore>;

beforeAll(() => {
  engine = createEngine(loadKnowledge(resolve("knowledge")));
  const baseline = createBaseline(engine.knowledge.passages);
  items = loadQuestionSet(resolve("test/eval/tuning.yaml"));
  ours = evaluate(items, (q) => engine.ask(q));
  base = evaluate(items, (q) => baseline.ask(q));
  oursByGroup = new Map(summarize(ours).map((s) => [s.category, s]));
  baseByGroup = new Map(summarize(base).map((s) => [s.category, s]));
});

describe("quality on test/eval/tuning.yaml", () => {
  it("loads a non-trivial question set covering every kind", () => {
    expect(items.length).toBeGreaterThan(50);
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(["answer", "offtopic", "smalltalk", "unanswerable"]));
  });

  it("has every summary group, with the same totals for engine and baseline", () => {
    for (const group of SUMMARY_GROUPS) {
      expect(oursByGroup.get(group)?.total, group).toBeGreaterThan(0);
      expect(baseByGroup.get(group)?.total, group).toBe(oursByGroup.get(group)?.total);
    }
  });

  it.each(SUMMARY_GROUPS)("the engine beats the baseline on %s", (group) => {
    const engineRate = oursByGroup.get(group)?.rate ?? 0;
    const baselineRate = baseByGroup.get(group)?.rate ?? 1;
    expect(engineRate, `${group}: engine ${engineRate.toFixed(3)} vs baseline ${baselineRate.toFixed(3)}`).toBeGreaterThan(baselineRate);
  });

  it("every quote the engine shows is verbatim in its source", () => {
    const problems: string[] = [];
    for (const item of items) {
      for (const c of engine.ask(item.q).citations) {
        const source = engine.sourceById(c.sourceId);
        if (!source || !isVerbatimQuote(source, c.quote)) problems.push(`${item.q} → ${c.quote}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("every fact of the question set is verbatim in the article (so the set can be met)", () => {
    const article = engine.knowledge.sources.map((s) => s.paragraphs.map((p) => p.text).join("\n")).join("\n");
    for (const item of items) {
      if (item.kind !== "answer") continue;
      for (const fact of item.facts) expect(article.includes(fact), `${item.q}: ${fact}`).toBe(true);
    }
  });
});

describe("the judge", () => {
  const answerItem: EvalItem = { q: "Qui a conduit la délégation ?", kind: "answer", style: "formal", lang: "fr", facts: ["Sergei Tsivilev"] };
  const refuseItem: EvalItem = { q: "bonjour", kind: "smalltalk", lang: "fr" };

  it("counts an answer right only when a cited quote holds a fact (ignoring case, accents, apostrophes)", () => {
    expect(judge(answerItem, { answered: true, citations: [{ quote: "conduite par SERGEÏ   tsivilev" }] }).outcome).toBe("right");
    expect(judge(answerItem, { answered: true, citations: [{ quote: "conduite par Sergei Tsivilen." }] }).outcome).toBe("wrong-citation");
    const apostrophe: EvalItem = { q: "x", kind: "answer", style: "noaccent", lang: "fr", facts: ["ministre russe de l’Énergie"] };
    expect(judge(apostrophe, { answered: true, citations: [{ quote: "le MINISTRE russe de l'energie" }] }).right).toBe(true);
    expect(judge(answerItem, { answered: true, citations: [{ quote: "autre chose" }] }).outcome).toBe("wrong-citation");
    expect(judge(answerItem, { answered: false, citations: [] }).outcome).toBe("missed");
  });

  it("lets the citation line (outlet, author) hold the fact", () => {
    const authorItem: EvalItem = { q: "Qui a écrit l’article ?", kind: "answer", style: "formal", lang: "fr", facts: ["EL HADJ SAMBI TOURÉ"] };
    expect(judge(authorItem, { answered: true, citations: [{ quote: "Une délégation…", outlet: "Info Matin", author: "El Hadj Sambi Touré" }] }).right).toBe(true);
  });

  it("counts a refusal right for questions to refuse, an answer wrong", () => {
    expect(judge(refuseItem, { answered: false, citations: [] }).outcome).toBe("right");
    expect(judge(refuseItem, { answered: true, citations: [{ quote: "x" }] }).outcome).toBe("wrongly-answered");
  });

  it("summarizes per category and per summary group", () => {
    const results = [judge(answerItem, { answered: false, citations: [] }), judge(refuseItem, { answered: false, citations: [] })];
    const summary = new Map(summarize(results).map((s) => [s.category, s]));
    expect(summary.get("answer/formal")).toMatchObject({ total: 1, right: 0, rate: 0 });
    expect(summary.get("smalltalk")).toMatchObject({ total: 1, right: 1, rate: 1 });
    expect(summary.get("OFF-TOPIC+SMALLTALK refused")).toMatchObject({ total: 1, right: 1 });
    expect(summary.get("ALL")).toMatchObject({ total: 2, right: 1, rate: 0.5 });
  });
});
