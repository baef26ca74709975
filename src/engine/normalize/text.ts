/**
 * Character-level folding shared by every text the engine sees (questions,
 * FAQ phrasings, source passages), so that both sides of a comparison are
 * folded the same way.
 */

const APOSTROPHES = /[\u2019\u2018\u02BC\u02B9\u0060\u00B4\u2032\uFF07]/g;
const LIGATURES: ReadonlyMap<string, string> = new Map([["œ", "oe"], ["æ", "ae"], ["ß", "ss"]]);

// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included, is what "ASCII" means here
const ASCII = /^[\x00-\x7f]*$/;
const FOLDED_CACHE_SIZE = 20_000;
const folded = new Map<string, string>();

/** Lowercase, strip accents, unify apostrophes and ligatures. */
export function foldText(input: string): string {
  // Plain ASCII needs neither normalisation (NFKC and NFD leave it unchanged) nor accent stripping.
  if (ASCII.test(input)) return input.toLowerCase().replace(APOSTROPHES, "'");
  const known = folded.get(input);
  if (known !== undefined) return known;
  const result = foldFully(input);
  // Bounded: the same words come back (questions, phrasings); a flood of new text only restarts the cache.
  if (folded.size >= FOLDED_CACHE_SIZE) folded.clear();
  folded.set(input, result);
  return result;
}

function foldFully(input: string): string {
  return input
    .normalize("NFKC")
    .toLowerCase()
    .replace(APOSTROPHES, "'")
    .replace(/[œæß]/g, (ch) => LIGATURES.get(ch) ?? ch)
    .normalize("NFD")
    .replace(/\p{M}+/gu, "");
}

/**
 * Splits folded text into words. Apostrophes and hyphens separate words, so
 * elisions ("l'énergie" → "l", "energie") and compounds ("russo-malienne")
 * fall apart into pieces the stopword list and the index understand.
 */
export function splitWords(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

/** True when the text holds at least one Latin letter or digit. */
export function hasLatinContent(input: string): boolean {
  return /[\p{Script=Latin}\p{N}]/u.test(input);
}

/** Letters of scripts other than Latin (Cyrillic, Arabic, …), counted. */
export function countNonLatinLetters(input: string): number {
  const m = input.match(/(?![\p{Script=Latin}])\p{L}/gu);
  return m ? m.length : 0;
}

/** Removes control characters (keeps newlines and tabs as spaces). */
export function stripControlCharacters(input: string): string {
  return input.replace(/[\t\n\r\v\f]+/g, " ").replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu, "");
}

/** Symbols of code and queries (SQL, JavaScript, templates), never of a question typed in French. */
// ("_" too: "__proto__", "snake_case"; a question in Markdown italics keeps its French words.)
const CODE_SYMBOLS = /[=[\]{}|\\^~$_]|;\s*--|\(\s*\)/;

/** French words a question with code symbols needs to still read as a question. */
const MIN_FRENCH_WORDS_AMONG_CODE = 3;

/**
 * Input that is code or a query rather than a question ("' OR '1'='1", "[object Object]", "${7*7}"):
 * code symbols with fewer than three different French words (of two letters or more) around them. A real question wrapped in HTML or
 * Markdown is not code: tags and emphasis marks are ignored, and a question with words enough stays one.
 */
export function looksLikeCode(input: string, isFrenchWord: (foldedWord: string) => boolean): boolean {
  const text = input.replace(/<\/?[A-Za-z][^<>]{0,200}>/g, " ");
  if (!CODE_SYMBOLS.test(text)) return false;
  const french = new Set(splitWords(foldText(text)).filter((w) => w.length >= 2 && /\p{L}/u.test(w) && isFrenchWord(w)));
  return french.size < MIN_FRENCH_WORDS_AMONG_CODE;
}
