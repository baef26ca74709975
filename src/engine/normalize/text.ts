/**
 * Character-level folding shared by every text the engine sees (questions,
 * FAQ phrasings, source passages), so that both sides of a comparison are
 * folded the same way.
 */

const APOSTROPHES = /[\u2019\u2018\u02BC\u02B9\u0060\u00B4\u2032\uFF07]/g;
const LIGATURES: Record<string, string> = { œ: "oe", æ: "ae", ß: "ss" };

/** Lowercase, strip accents, unify apostrophes and ligatures. */
export function foldText(input: string): string {
  return input
    .normalize("NFKC")
    .toLowerCase()
    .replace(APOSTROPHES, "'")
    .replace(/[œæß]/g, (ch) => LIGATURES[ch] ?? ch)
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
