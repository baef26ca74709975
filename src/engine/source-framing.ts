/**
 * "selon l'article d'Info Matin, qui a conduit la délégation ?": a clause
 * naming the source points at where the answer comes from, not at the outlet
 * or the author as the thing asked. Built from the sources' own outlet and
 * author names.
 */
import type { Source } from "./knowledge/types.ts";
import type { Analyzer } from "./normalize/analyzer.ts";
import { QUESTION_INTENTS } from "./normalize/french.ts";
import { foldText } from "./normalize/text.ts";

/** A function giving the question without a clause naming its source, when something is left to ask; else the question itself. */
export function sourceFramingRemover(sources: Source[], analyzer: Analyzer): (question: string) => string {
  const sourceNames = [...new Set(sources.flatMap((src) => [src.outlet, src.author]))]
    .map((name) => foldText(name).trim().split(/\s+/).map(escapeRegExp).join("\\s+"))
    .filter((name) => name.length > 0);
  const sourceFraming =
    sourceNames.length > 0
      ? new RegExp(
          String.raw`(?:^|[\s,;(])(?:selon|d'?\s*apres|dans|pour|chez|sur)\s+(?:(?:l'?\s*|le\s+|la\s+)(?:article|journal|quotidien|site|journaliste|auteur|plume)\s+)?(?:(?:d'?\s*|de\s+|du\s+))?(?:${sourceNames.join("|")})(?![\p{L}\p{N}])[\s,;)]*`,
          "u",
        )
      : undefined;
  return function withoutSourceFraming(question: string): string {
    if (!sourceFraming) return question;
    const folded = foldText(question);
    const stripped = folded.replace(sourceFraming, " ").trim();
    return stripped !== folded.trim() && analyzer.words(stripped).some((w) => !analyzer.isStopword(w) || QUESTION_INTENTS[w]) ? stripped : question;
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

