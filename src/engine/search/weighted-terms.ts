import type { Token } from "../normalize/analyzer.ts";

/** Intent markers weigh this much: enough to break ties between FAQ entries, never enough to match alone. */
export const INTENT_WEIGHT = 0.6;

/** A bag of distinct terms with its total weight. */
export interface TermSet {
  terms: Set<string>;
  total: number;
}

export function termSet(tokens: Token[], weight: (term: string) => number): TermSet {
  const terms = new Set(tokens.map((t) => t.term));
  let total = 0;
  for (const t of terms) total += t.startsWith("?") ? INTENT_WEIGHT : weight(t);
  return { terms, total };
}
