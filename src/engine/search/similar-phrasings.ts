import { foldText } from "../normalize/text.ts";

/**
 * The FAQ entries whose phrasings look most like a question, letter for
 * letter: the suggestions offered when no entry shares a word with it (a
 * mangled sentence, a subject the knowledge lacks). Character trigrams with
 * postings, built once: a lookup costs a few thousand additions, not a scan
 * of every phrasing with a fuzzy matcher (which took 20 to 60 ms).
 */
export class SimilarPhrasings<T> {
  private readonly postings = new Map<string, number[]>();
  private readonly sizes: number[] = [];
  private readonly owners: T[] = [];

  constructor(phrasings: Iterable<{ text: string; owner: T }>) {
    for (const { text, owner } of phrasings) {
      const id = this.owners.length;
      const grams = trigrams(text);
      this.owners.push(owner);
      this.sizes.push(grams.size);
      for (const g of grams) {
        const list = this.postings.get(g);
        if (list) list.push(id);
        else this.postings.set(g, [id]);
      }
    }
  }

  /** Distinct owners of the most similar phrasings (Dice coefficient ≥ minScore), best first. */
  search(text: string, limit: number, minScore = 0.3): T[] {
    const grams = trigrams(text);
    if (grams.size === 0) return [];
    const shared = new Map<number, number>();
    for (const g of grams) for (const id of this.postings.get(g) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    const scored: Array<[number, number]> = [];
    for (const [id, n] of shared) {
      const score = (2 * n) / (grams.size + (this.sizes[id] as number));
      if (score >= minScore) scored.push([id, score]);
    }
    scored.sort((a, b) => b[1] - a[1]);
    const out: T[] = [];
    for (const [id] of scored) {
      const owner = this.owners[id] as T;
      if (!out.includes(owner)) out.push(owner);
      if (out.length >= limit) break;
    }
    return out;
  }
}

function trigrams(text: string): Set<string> {
  const folded = ` ${foldText(text).replace(/[^a-z0-9]+/g, " ").trim()} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= folded.length; i++) out.add(folded.slice(i, i + 3));
  return out;
}
