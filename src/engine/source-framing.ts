/**
 * "selon l'article d'Info Matin, qui a conduit la délégation ?": a clause
 * naming the source points at where the answer comes from, not at the outlet
 * or the author as the thing asked. Built from the sources' own outlet and
 * author names. Only "selon", "d'après" and "dans/sur l'article de" make such
 * a clause: "qui travaille pour Info Matin ?" asks about the outlet.
 */
import type { Source } from "./knowledge/types.ts";
import type { Analyzer } from "./normalize/analyzer.ts";
import { QUESTION_INTENTS } from "./normalize/french.ts";
import { foldText } from "./normalize/text.ts";

/** A function giving the question without a clause naming its source, when something is left to ask; else the question itself. */
export function sourceFramingRemover(sources: Source[], analyzer: Analyzer): (question: string) => string {
  const names = [...new Set(sources.flatMap((src) => [src.outlet, src.author]))]
    .map((name) => foldText(name).trim().split(/\s+/).map(escapeRegExp).join("\\s+"))
    .filter((name) => name.length > 0);
  if (names.length === 0) return (question) => question;
  const medium = String.raw`(?:l'?\s*|le\s+|la\s+)(?:article|journal|quotidien|site|journaliste|auteur|plume)`;
  const of = String.raw`(?:d'?\s*|de\s+|du\s+)`;
  const clause = new RegExp(
    String.raw`(?:^|[\s,;(])(?:(?:selon|d'?\s*apres)\s+(?:${medium}\s+${of}?)?|(?:dans|sur)\s+${medium}\s+${of})(?:${names.join("|")})(?![\p{L}\p{N}])[\s,;)]*`,
    "u",
  );
  return function withoutSourceFraming(question: string): string {
    // Most questions name no source: the whole text folded at once says so, before mapping each position back.
    if (!clause.test(foldText(question))) return question;
    const { folded, origin } = foldWithOrigin(question);
    const m = clause.exec(folded);
    if (!m) return question;
    // Cut the clause out of the question as typed: capitals (names), "où" and "né" still matter to what follows.
    const start = origin[m.index] ?? 0;
    const end = origin[m.index + m[0].length] ?? question.length;
    const rest = `${question.slice(0, start)} ${question.slice(end)}`.trim();
    return analyzer.words(rest).some((w) => !analyzer.isStopword(w) || QUESTION_INTENTS.has(w)) ? rest : question;
  };
}

/** The folded text with, for each of its positions, the position in the original it comes from. */
function foldWithOrigin(text: string): { folded: string; origin: number[] } {
  let folded = "";
  const origin: number[] = [];
  let at = 0;
  for (const ch of text) {
    const piece = foldText(ch);
    folded += piece;
    for (let k = 0; k < piece.length; k++) origin.push(at);
    at += ch.length;
  }
  origin.push(at);
  return { folded, origin };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
