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
  "ance", "ique", "iere", "aient", "erent", "eront",
  "erait", "erai", "ions", "iez", "ait", "ais", "ant", "ante", "ien", "ite",
  "ive", "ier", "ere", "ee", "er", "ez", "ir", "re", "if", "e",
].sort((a, b) => b.length - a.length);

/**
 * Nouns made from verbs keep the verb's stem, so that a formal question
 * ("la signature du mémorandum", "la construction de chemins de fer") meets
 * the article's verb ("signé", "construire") and the other way round. These
 * endings are replaced rather than cut: "construction" / "construire" /
 * "construit" all become "constru".
 */
const DERIVATIONS: ReadonlyArray<readonly [string, string]> = [
  ["uction", "u"], ["uire", "u"], ["uit", "u"],
  ["ussion", "ut"],
  ["ature", ""], ["iture", ""], ["ition", ""],
  // "présence" / "présent", "différence" / "différent".
  ["ence", "ent"],
  // The doctrine and its followers: "terrorisme" / "terroristes", "séparatisme" / "séparatiste".
  ["isme", "ist"],
];

/** Every ending with what replaces it, longest first: one ending at most is taken off. */
const ENDINGS: ReadonlyArray<readonly [string, string]> = [
  ...DERIVATIONS,
  ...SUFFIXES.map((s) => [s, ""] as const),
].sort((a, b) => b[0].length - a[0].length);

const MIN_STEM = 4;

/**
 * Words the suffix rules would merge with a word of another meaning:
 * "ministère" would become "minist", like "ministre"; "courant", "cour" like "cours".
 */
const EXCEPTIONS: ReadonlyMap<string, string> = new Map(Object.entries({
  ministere: "ministere",
  ministeres: "ministere",
  ministeriel: "ministere",
  ministerielle: "ministere",
  ministeriels: "ministere",
  // "courant" (electricity) is no participle: cut to "cour", it would read as "cours" (lessons).
  courant: "courant",
  courants: "courant",
}));

export function stemFrench(word: string): string {
  const exception = EXCEPTIONS.get(word);
  if (exception) return exception;
  if (word.length <= MIN_STEM || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith("aux") && w.length - 3 >= MIN_STEM) w = `${w.slice(0, -3)}al`;
  else if ((w.endsWith("s") && !w.endsWith("ss")) || w.endsWith("x")) w = w.slice(0, -1);
  if (w.endsWith("nne")) w = w.slice(0, -2); // "malienne" → "malien"
  // (Indexing, not destructuring: this runs for every word of every passage.)
  const ending = ENDINGS.find((e) => w.endsWith(e[0]) && w.length - e[0].length + e[1].length >= MIN_STEM);
  if (ending) w = w.slice(0, w.length - ending[0].length) + ending[1];
  // A verb ending can uncover a final "e" ("dirigeait" → "dirige"): drop it like "dirige" does.
  return w.endsWith("e") && w.length - 1 >= MIN_STEM ? w.slice(0, -1) : w;
}
