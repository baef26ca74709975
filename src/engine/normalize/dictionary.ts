import { createRequire } from "node:module";
import { foldText } from "./text.ts";

/** Single letters say nothing about whether a token is a word. */
const MIN_LENGTH = 2;
let cached: ReadonlySet<string> | undefined;

/**
 * French words with their inflections (an-array-of-french-words, ~336,000
 * forms), folded. Used to tell a typo from a real word the knowledge does not
 * contain: "delegasion" gets corrected, "salaire" must not become "solaire".
 * Loaded once per process, on first use.
 */
export function frenchDictionary(): ReadonlySet<string> {
  if (!cached) {
    const words = createRequire(import.meta.url)("an-array-of-french-words") as string[];
    const set = new Set<string>();
    for (const w of words) if (w.length >= MIN_LENGTH && !w.includes("-")) set.add(foldText(w));
    cached = set;
  }
  return cached;
}
