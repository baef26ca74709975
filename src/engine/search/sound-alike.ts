/**
 * Names are mistyped by ear: "Diannée" for "Diané", "Boubakar" for
 * "Boubacar", "Alousseyni" for "Alousseini", "Diarah" for "Diarra". Such
 * spellings are often two or three edits away from the right one, beyond
 * what edit distance may safely allow, yet they sound the same. A rough
 * French sound key catches them.
 */

/** The rough sound of a folded word: letters that sound alike merged, doubled letters and a silent ending dropped. */
export function soundKey(word: string): string {
  const key = word
    .replace(/ph/g, "f")
    .replace(/th/g, "t")
    .replace(/ck|qu|q/g, "k")
    .replace(/c(?=[eiy])/g, "s")
    .replace(/c/g, "k")
    .replace(/g(?=[eiy])/g, "j")
    .replace(/y/g, "i")
    .replace(/(?<=[^cs])h|^h/g, "")
    .replace(/(.)\1+/g, "$1")
    .replace(/eau|au/g, "o")
    .replace(/[ae]i(?![aeiou])/g, "e")
    .replace(/(?:er|ez|et)$/, "e")
    .replace(/(?:e|es|s|x)$/, "");
  return key;
}

/**
 * Known words by sound key. Only unambiguous keys are kept: when two known
 * words sound alike, guessing between them would be a coin toss, unless they
 * are forms of one word ("centrale", "centrales": `sameWord` says so), which
 * any of them stands for.
 */
export class SoundAlikeIndex {
  private readonly byKey = new Map<string, string | null>();

  constructor(words: Iterable<string>, sameWord: (a: string, b: string) => boolean = (a, b) => a === b) {
    for (const word of new Set(words)) {
      // Short words sound like too many others ("pris", "prix").
      if (word.length < 5) continue;
      const key = soundKey(word);
      const seen = this.byKey.get(key);
      if (seen === null) continue;
      this.byKey.set(key, seen === undefined ? word : sameWord(seen, word) ? (seen.length <= word.length ? seen : word) : null);
    }
  }

  /** The known word that sounds like this one, if exactly one does. */
  match(word: string): string | undefined {
    if (word.length < 4) return undefined;
    return this.byKey.get(soundKey(word)) ?? undefined;
  }
}
