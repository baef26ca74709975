/**
 * A light French stemmer for folded words (lowercase, no accents).
 *
 * It only has to conflate the forms people type with the forms the article
 * uses (plural, feminine, common derivations and verb endings), identically
 * on both sides; it does not need to produce linguistic roots. The plural is
 * removed first so that singular and plural then take the same path, then at
 * most one suffix (longest first). A stem keeps at least four letters, so
 * short words, names and numbers pass through untouched ("-iste" stays, so
 * "journaliste" is not "journal"); forms that still
 * differ ("conduit" / "conduisait") are joined by the lexicon.
 */
const SUFFIXES = [
  "issement", "atrice", "ateur", "ation", "ienne", "ement", "ment", "euse",
  "ance", "ence", "ique", "iere", "aient", "erent", "eront",
  "erait", "erai", "ions", "iez", "ait", "ais", "ant", "ante", "ien", "ite",
  "ive", "ier", "ere", "ee", "er", "ez", "ir", "re", "if", "e",
].sort((a, b) => b.length - a.length);

const MIN_STEM = 4;

/**
 * Words the suffix rules would merge with a word of another meaning:
 * "ministère" would become "minist", like "ministre".
 */
const EXCEPTIONS: Readonly<Record<string, string>> = {
  ministere: "ministere",
  ministeres: "ministere",
  ministeriel: "ministere",
  ministerielle: "ministere",
  ministeriels: "ministere",
};

export function stemFrench(word: string): string {
  const exception = EXCEPTIONS[word];
  if (exception) return exception;
  if (word.length <= MIN_STEM || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith("aux") && w.length - 3 >= MIN_STEM) w = `${w.slice(0, -3)}al`;
  else if ((w.endsWith("s") && !w.endsWith("ss")) || w.endsWith("x")) w = w.slice(0, -1);
  if (w.endsWith("nne")) w = w.slice(0, -2); // "malienne" → "malien"
  const suffix = SUFFIXES.find((s) => w.endsWith(s) && w.length - s.length >= MIN_STEM);
  if (suffix) w = w.slice(0, w.length - suffix.length);
  // A verb ending can uncover a final "e" ("dirigeait" → "dirige"): drop it like "dirige" does.
  return w.endsWith("e") && w.length - 1 >= MIN_STEM ? w.slice(0, -1) : w;
}
