import { foldText } from "../engine/normalize/text.ts";
import type { EvalItem } from "./question-set.ts";

/** The part of an answer the evaluation looks at; the engine's Answer and the baseline's both fit. */
export interface Judged {
  answered: boolean;
  citations: Array<{ quote: string; outlet?: string; author?: string }>;
}

export type Outcome = "right" | "wrong-citation" | "missed" | "wrongly-answered";

export interface ItemResult {
  item: EvalItem;
  outcome: Outcome;
  right: boolean;
}

export interface CategoryScore {
  category: string;
  total: number;
  right: number;
  rate: number;
}

const fold = (s: string) => foldText(s).replace(/\s+/g, " ");

/** Right when an on-topic question is answered with a citation holding one of its facts, or an other question is refused. */
export function judge(item: EvalItem, answer: Judged): ItemResult {
  if (item.kind === "answer") {
    if (!answer.answered) return { item, outcome: "missed", right: false };
    // The reader sees each quote with its citation line (outlet, author), so a fact such as the author's name may be there.
    const quotes = answer.citations.map((c) => fold(`${c.quote} ${c.outlet ?? ""} ${c.author ?? ""}`));
    const hit = item.facts.some((f) => quotes.some((q) => q.includes(fold(f))));
    return { item, outcome: hit ? "right" : "wrong-citation", right: hit };
  }
  return answer.answered ? { item, outcome: "wrongly-answered", right: false } : { item, outcome: "right", right: true };
}

/** Judges every item; each result keeps the answer it was judged on, so callers need not ask again. */
export function evaluate<A extends Judged>(items: EvalItem[], ask: (q: string) => A): Array<ItemResult & { answer: A }> {
  return items.map((item) => {
    const answer = ask(item.q);
    return { ...judge(item, answer), answer };
  });
}

/** The categories an item counts in: detailed ones (lowercase) and the groups the floors are stated on (capitals). */
export type Categorizer = (item: EvalItem) => string[];

/** The article's sets: on-topic (by style), off-topic and small talk, unanswerable. */
export const articleCategories: Categorizer = (item) => {
  const out = [item.kind === "answer" ? `answer/${item.style}` : item.kind];
  if (item.kind === "answer") out.push("ON-TOPIC answered+cited");
  if (item.kind === "offtopic" || item.kind === "smalltalk") out.push("OFF-TOPIC+SMALLTALK refused");
  if (item.kind === "unanswerable") out.push("UNANSWERABLE refused");
  return [...out, "ALL"];
};

/**
 * The sets about updates: French questions on the updates (by style, and on updates never seen while tuning),
 * what the updates do not say, English questions (answers and refusals), off-topic and small talk.
 */
export function updateCategories(unseenSources: ReadonlySet<string> = new Set()): Categorizer {
  return (item) => {
    if (item.lang === "en") return [`english/${item.kind}`, "ENGLISH right", "ALL"];
    if (item.kind === "answer") {
      const out = [`updates/${item.style}`, "UPDATES answered+cited"];
      if (item.source && unseenSources.has(item.source)) out.push("UPDATES never tuned on (answered+cited)");
      return [...out, "ALL"];
    }
    if (item.kind === "unanswerable") return ["UPDATE-UNANSWERABLE refused", "ALL"];
    return [item.kind, "OFF-TOPIC+SMALLTALK refused", "ALL"];
  };
}

/** Per-category rates, then the summary groups the floors are stated on. */
export function summarize(results: ItemResult[], categoriesOf: Categorizer = articleCategories): CategoryScore[] {
  const groups = new Map<string, ItemResult[]>();
  const add = (key: string, r: ItemResult) => groups.set(key, [...(groups.get(key) ?? []), r]);
  for (const r of results) for (const category of categoriesOf(r.item)) add(category, r);
  return [...groups.entries()]
    .sort(([a], [b]) => (a === a.toUpperCase() ? 1 : 0) - (b === b.toUpperCase() ? 1 : 0) || a.localeCompare(b))
    .map(([category, rs]) => {
      const right = rs.filter((r) => r.right).length;
      return { category, total: rs.length, right, rate: right / rs.length };
    });
}
