import { Recent } from "../../common/recent.ts";
import { CORRECTIONS_KEPT } from "./typo-index.ts";

/**
 * Clipped words: spoken French shortens a long word to its first syllables ("la carto" for "la cartographie",
 * "le gouv" for "le gouvernement", "l'admin" for "l'administration"). A word that no dictionary has and that
 * begins a word of the knowledge reads as that word, when every word it begins means the same (one index term):
 * "carto" begins "cartographie" and "cartographiée" alike, so it is safe; a prefix shared by words of different
 * terms is not guessed. (Clippings the Lefff lists, "expo", "labo", "manif", already read as their full word.)
 */

/** Shortest clipping read this way: three letters begin too many words. */
const MIN_CLIPPED_LENGTH = 4;
/** The full word has at least this many letters more than the clipping ("cartographie" for "carto"). */
const MIN_LETTERS_CUT = 2;

export class ClippedWords {
  private readonly sorted: string[];
  private readonly cache = new Recent<string | undefined>(CORRECTIONS_KEPT);

  /** `words`: the folded words of the knowledge; `termOf`: the index term a word reads as. */
  constructor(
    words: Iterable<string>,
    private readonly termOf: (word: string) => string | undefined,
  ) {
    this.sorted = [...new Set(words)].filter((w) => /^[a-z]+$/.test(w)).sort();
  }

  /** The knowledge word a clipping stands for, or undefined when it begins none, or words of different terms. */
  expand(word: string): string | undefined {
    if (word.length < MIN_CLIPPED_LENGTH || !/^[a-z]+$/.test(word)) return undefined;
    return this.cache.get(word, (w) => this.lookup(w));
  }

  private lookup(word: string): string | undefined {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.sorted[mid] as string) < word) low = mid + 1;
      else high = mid;
    }
    let found: string | undefined;
    let term: string | undefined;
    for (let i = low; i < this.sorted.length && (this.sorted[i] as string).startsWith(word); i++) {
      const candidate = this.sorted[i] as string;
      if (candidate.length < word.length + MIN_LETTERS_CUT) continue;
      const candidateTerm = this.termOf(candidate);
      if (candidateTerm === undefined) continue;
      if (term !== undefined && candidateTerm !== term) return undefined;
      term = candidateTerm;
      found ??= candidate;
    }
    return found;
  }
}
