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

function categoryOf(item: EvalItem): string {
  return item.kind === "answer" ? `answer/${item.style}` : item.kind;
}

/** Per-category rates, then the summary groups the floors are stated on. */
export function summarize(results: ItemResult[]): CategoryScore[] {
  const groups = new Map<string, ItemResult[]>();
  const add = (key: string, r: ItemResult) => groups.set(key, [...(groups.get(key) ?? []), r]);
  for (const r of results) {
    add(categoryOf(r.item), r);
    if (r.item.kind === "answer") add("ON-TOPIC answered+cited", r);
    if (r.item.kind === "offtopic" || r.item.kind === "smalltalk") add("OFF-TOPIC+SMALLTALK refused", r);
    if (r.item.kind === "unanswerable") add("UNANSWERABLE refused", r);
    add("ALL", r);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === a.toUpperCase() ? 1 : 0) - (b === b.toUpperCase() ? 1 : 0) || a.localeCompare(b))
    .map(([category, rs]) => {
      const right = rs.filter((r) => r.right).length;
      return { category, total: rs.length, right, rate: right / rs.length };
    });
}
