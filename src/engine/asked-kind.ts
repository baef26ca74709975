import { MONTH_ALTERNATION } from "./normalize/french.ts";
import { foldText } from "./normalize/text.ts";

/**
 * Some questions ask for a kind of fact, whatever they are about: "quand"
 * asks for a date, "combien" for a number. An excerpt that holds no date
 * cannot answer "Tsivilev est ministre depuis quand ?", however well its
 * words match: the honest reply is that the article does not say.
 */
export type AskedKind = "date" | "number";

const MONTHS = MONTH_ALTERNATION;
const DAYS = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche";
const DATE = new RegExp(String.raw`\b(?:1[89]|20)\d\d\b|\b(?:${MONTHS}|${DAYS}|hier|aujourd|demain|semaine|mois|annee|an)\b`);
const NUMBER = /\d|\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|vingt|trente|quarante|cinquante|soixante|cent|mille|dizaine|centaine|millier)s?\b/;

/** Whether a text (a quote) states a fact of this kind. */
export function statesKind(kind: AskedKind, text: string): boolean {
  const folded = foldText(text);
  if (kind === "date") return DATE.test(folded);
  // A year, a day of the month or a list number ("2. le Soutien…") counts nothing: otherwise any numbered passage
  // would answer any "combien". ("Combien d'objectifs ?" is answered by the entry that asks it among its phrasings.)
  const counts = folded
    .replace(new RegExp(String.raw`\b\d{1,2}(?:er)? (?:${MONTHS})\b`, "g"), " ")
    .replace(/\b(?:1[89]|20)\d\d\b/g, " ")
    .replace(/^\s*\d+\.\s/, " ");
  return NUMBER.test(counts);
}

/** The index terms and intents that ask for each kind (from the lexicon: "quand" and "quel jour" share the date term). */
export interface KindMarkers {
  date: { intent: string; term?: string };
  number: { intent: string; term?: string };
}

/** The kind of fact a question asks for, if it asks for one. */
export function askedKind(terms: Iterable<string>, intents: Set<string>, markers: KindMarkers): AskedKind | undefined {
  const termSet = new Set(terms);
  for (const kind of ["date", "number"] as const) {
    const marker = markers[kind];
    if (intents.has(marker.intent) || (marker.term !== undefined && termSet.has(marker.term))) return kind;
  }
  return undefined;
}
