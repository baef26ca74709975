import { readFileSync } from "node:fs";
import MiniSearch from "minisearch";
import type { Passage } from "../engine/knowledge/types.ts";
import type { Judged } from "./evaluate.ts";

// Two levels up then src/: the same file from src/eval/ and from the compiled dist/eval/ (the bench measures the build).
const STOPWORDS_FILE = new URL("../../src/eval/data/snowball-french-stopwords.txt", import.meta.url);

/** Lowercase, no accents, one apostrophe: what a stock set-up does to French text. */
const fold = (s: string) => s.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase().replace(/[’‘`´]/g, "'");

/** The Snowball French stop words, folded. */
export function snowballFrenchStopwords(): Set<string> {
  const text = readFileSync(STOPWORDS_FILE, "utf8");
  return new Set(
    text
      .split("\n")
      .filter((line) => !line.startsWith("#"))
      .flatMap((line) => line.split(/\s+/))
      .filter(Boolean)
      .map(fold),
  );
}

/**
 * The stock peer the engine is measured against: MiniSearch (BM25+) over the
 * passages, French stop words, accent folding, fuzzy matching (0.2) and
 * prefix search, as its documentation sets it up. It answers with the best
 * passage when that passage matches at least half of the question's terms,
 * and refuses otherwise (a baseline that always answered would refuse
 * nothing).
 */
export function createMiniSearchBaseline(passages: Passage[]): { ask(q: string): Judged & { passage?: Passage } } {
  const stopwords = snowballFrenchStopwords();
  const tokenize = (text: string) => fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const processTerm = (term: string) => (stopwords.has(term) ? null : term);
  const index = new MiniSearch<Passage>({ fields: ["text"], storeFields: ["id"], idField: "id", tokenize, processTerm });
  index.addAll(passages);
  const byId = new Map(passages.map((p) => [p.id, p]));
  return {
    ask(question: string) {
      const terms = tokenize(question).filter((t) => processTerm(t) !== null);
      if (terms.length === 0) return { answered: false, citations: [] };
      const best = index.search(question, { fuzzy: 0.2, prefix: true, combineWith: "OR" })[0];
      const passage = best ? byId.get(String(best.id)) : undefined;
      if (!best || !passage || best.queryTerms.length / new Set(terms).size < 0.5) return { answered: false, citations: [] };
      return { answered: true, citations: [{ quote: passage.text }], passage };
    },
  };
}
