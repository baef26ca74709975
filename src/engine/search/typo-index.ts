import { Recent } from "../../common/recent.ts";

/**
 * Typo tolerance for single words: a symmetric-delete index (the SymSpell
 * idea) over the folded words of the knowledge base, checked with a real
 * Damerau-Levenshtein distance.
 *
 * Why not a substring fuzzy matcher here: "age" is found inside "partage"
 * with a perfect score, which would make "Quel âge a Tsivilev ?" look like a
 * question the article answers. Edit distance over whole words is strict
 * about that, and a lookup costs a few map reads whatever the corpus size.
 */

/** Longest word typo correction is attempted on (the longest French words have about 25 letters). */
export const MAX_CORRECTED_LENGTH = 30;

/**
 * Edits allowed for a word of this length: none under 5 letters (one edit
 * turns "prix" into "pris" and "cout" into "tout": short words are too close
 * to each other to guess), 1 up to 7, 2 beyond.
 */
export function allowedEdits(length: number): number {
  // No word of the knowledge is this long: a longer "word" is a pasted blob, and its delete variants would take seconds.
  if (length < 5 || length > MAX_CORRECTED_LENGTH) return 0;
  return length <= 7 ? 1 : 2;
}

/** Corrections (and words found uncorrectable) kept: questions repeat their words. */
export const CORRECTIONS_KEPT = 50_000;

/** A first letter may be added or left out in words this long. */
const FIRST_LETTER_MIN_LENGTH = 6;

export class TypoIndex {
  private deleteIndex: Map<string, string[]> | undefined;
  private readonly frequency = new Map<string, number>();
  private readonly cache = new Recent<string | undefined>(CORRECTIONS_KEPT);

  constructor(words: Iterable<string>) {
    for (const word of words) this.frequency.set(word, (this.frequency.get(word) ?? 0) + 1);
  }

  /**
   * The delete variants of every word, built on the first correction asked: most questions have no typo, and
   * an idle bot keeps the few megabytes (the words themselves, for `has`, are kept from the start).
   */
  private get deletes(): Map<string, string[]> {
    if (this.deleteIndex) return this.deleteIndex;
    const deletes = new Map<string, string[]>();
    for (const word of this.frequency.keys()) {
      const edits = allowedEdits(word.length);
      if (edits === 0) continue;
      for (const variant of deleteVariants(word, edits)) {
        const list = deletes.get(variant);
        if (list) list.push(word);
        else deletes.set(variant, [word]);
      }
    }
    this.deleteIndex = deletes;
    return deletes;
  }

  get size(): number {
    return this.frequency.size;
  }

  has(word: string): boolean {
    return this.frequency.has(word);
  }

  /** The closest known word within the allowed edits (ties: the most frequent), or undefined. */
  correct(word: string): string | undefined {
    return this.cache.get(word, (w) => this.lookup(w));
  }

  private lookup(word: string): string | undefined {
    if (this.frequency.has(word)) return word;
    const maxEdits = allowedEdits(word.length);
    if (maxEdits === 0) return undefined;
    let best: string | undefined;
    let bestDistance = Infinity;
    let bestFrequency = -1;
    const seen = new Set<string>();
    /** Candidates one edit away whose first letter differs: taken only when alone ("ouranium" → "uranium"). */
    const otherFirstLetter = new Set<string>();
    for (const variant of deleteVariants(word, maxEdits)) {
      for (const candidate of this.deletes.get(variant) ?? []) {
        if (seen.has(candidate)) continue;
        seen.add(candidate);
        // People rarely mistype the first letter; a candidate that differs there is another word ("poutine" is not
        // "soutien", "wagner" not "gagner"), unless the only difference is a letter added or left out in front of a
        // long word and nothing else is that close ("ouranium" → "uranium", "osatom" → "rosatom").
        if (candidate[0] !== word[0]) {
          if (word.length >= FIRST_LETTER_MIN_LENGTH && (candidate === word.slice(1) || word === candidate.slice(1))) otherFirstLetter.add(candidate);
          continue;
        }
        const limit = Math.min(maxEdits, allowedEdits(candidate.length));
        const distance = damerauLevenshtein(word, candidate, limit);
        if (distance > limit) continue;
        const frequency = this.frequency.get(candidate) ?? 0;
        if (distance < bestDistance || (distance === bestDistance && frequency > bestFrequency)) {
          best = candidate;
          bestDistance = distance;
          bestFrequency = frequency;
        }
      }
    }
    if (best === undefined && otherFirstLetter.size === 1) return [...otherFirstLetter][0];
    return best;
  }
}

/** The word itself and every string obtained by deleting up to `edits` letters. */
function deleteVariants(word: string, edits: number): Set<string> {
  const out = new Set<string>([word]);
  let frontier = [word];
  for (let e = 0; e < edits; e++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const v = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(v)) {
          out.add(v);
          next.push(v);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/** Optimal-string-alignment distance, giving up (returning limit + 1) once it exceeds limit. */
export function damerauLevenshtein(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a.length === 0 || b.length === 0) return Math.max(a.length, b.length);
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i < rows; i++) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    let rowMin = Infinity;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
  }
  return (d[rows - 1] as number[])[cols - 1] as number;
}
