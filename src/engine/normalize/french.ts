/**
 * General French (not domain) word lists, folded (lowercase, no accents, as
 * produced by foldText). The lists themselves are data (lang/fr/words.yaml);
 * only what the engine's logic names (the question intents) is code.
 * Domain synonyms and name spellings live in knowledge/lexicon.yaml, general
 * synonyms in lang/fr/synonyms.yaml.
 */
import { frenchWords } from "./language-data.ts";

const words = frenchWords();

/** SMS and chat spellings → standard spelling (a Map: a plain object would answer "constructor" with a function). */
export const SMS_SPELLINGS: ReadonlyMap<string, string> = words.sms;

/** Numbers in words → the figure the sources write ("soixante" → "60", "troisième" → "3"). */
export const NUMBER_WORDS: ReadonlyMap<string, string> = words.numbers;

/**
 * Question words are stopwords for matching passages, but they say what kind
 * of fact is asked; they become intent markers that FAQ phrasings carry too.
 */
export const QUESTION_INTENTS: ReadonlyMap<string, string> = new Map([
  ["qui", "?qui"],
  ["quand", "?quand"],
  ["combien", "?combien"],
  ["pourquoi", "?pourquoi"],
  ["comment", "?comment"],
  ["ouintent", "?ou"],
]);

/** Function words and question frames: what says nothing of what is asked ("or" is not one: in questions it is gold). */
export const STOPWORDS: ReadonlySet<string> = words.stopwords;

/** Stopwords that still make a question about the visit specific (before/after, only, presence, side). */
export const SPECIFYING_WORDS: ReadonlySet<string> = words.specifying;

/** Number words that count things though they are stopwords ("neuf accords"). */
export const CARDINALS: ReadonlySet<string> = words.cardinals;

/** Month names, folded, as a regular-expression alternation (dates in questions and in excerpts). */
export const MONTH_ALTERNATION = words.months.join("|");

/** Weekday names, folded. */
export const WEEKDAYS: readonly string[] = words.weekdays;
