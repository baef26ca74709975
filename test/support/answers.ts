/** Shared checks on engine answers, for the engine, property and evaluation tests. */
import { expect } from "vitest";
import type { Answer } from "../../src/engine/answer.ts";
import type { Engine } from "../../src/engine/engine.ts";
import { locateQuote } from "../../src/engine/knowledge/quotes.ts";

export const STATUSES: ReadonlyArray<Answer["status"]> = ["answered", "unsure", "unanswerable", "off_topic", "smalltalk", "invalid"];

/** Lines of the article that are byline or boilerplate: never cited. */
export const BOILERPLATE_LINES = ["EL HADJ SAMBI TOURÉ", "Source : Info Matin", "Lire l’article original ici."];

/** Problems with every citation of an answer ([] when all is well): verbatim, right paragraph, right source, no boilerplate. */
export function citationProblems(engine: Engine, answer: Answer): string[] {
  const problems: string[] = [];
  for (const c of answer.citations) {
    const source = engine.sourceById(c.sourceId);
    if (!source) {
      problems.push(`unknown source ${c.sourceId}`);
      continue;
    }
    const located = locateQuote(source, c.quote);
    if (!("paragraph" in located)) problems.push(`not verbatim (${located.problem}): ${c.quote}`);
    else if (located.paragraph !== c.paragraph) problems.push(`§${c.paragraph} given, quote is in §${located.paragraph}: ${c.quote}`);
    if (source.paragraphs[c.paragraph - 1]?.isBoilerplate !== false) problems.push(`cites boilerplate or a missing paragraph §${c.paragraph}`);
    for (const line of BOILERPLATE_LINES) if (c.quote.includes(line)) problems.push(`quotes boilerplate "${line}"`);
    if (c.outlet !== source.outlet || c.author !== source.author || c.date !== source.date || c.title !== source.title) {
      problems.push(`metadata differs from source ${source.id}`);
    }
  }
  return problems;
}

/** Problems with the shape and invariants of an answer ([] when all is well). */
export function shapeProblems(answer: Answer): string[] {
  const problems: string[] = [];
  if (!STATUSES.includes(answer.status)) problems.push(`unknown status ${String(answer.status)}`);
  if (answer.answered !== (answer.status === "answered")) problems.push(`answered=${answer.answered} with status ${answer.status}`);
  if (typeof answer.text !== "string" || answer.text.trim().length === 0) problems.push("empty text");
  if (!Array.isArray(answer.citations)) problems.push("citations is not an array");
  else if (answer.answered && (answer.citations.length < 1 || answer.citations.length > 3)) problems.push(`${answer.citations.length} citations on an answer`);
  else if (!answer.answered && answer.citations.length !== 0) problems.push(`${answer.citations.length} citations on a refusal`);
  if (typeof answer.score !== "number" || !Number.isFinite(answer.score) || answer.score < 0 || answer.score > 1) problems.push(`score ${answer.score}`);
  if (!Array.isArray(answer.suggestions) || answer.suggestions.length > 3) problems.push(`suggestions ${JSON.stringify(answer.suggestions)}`);
  else if (answer.suggestions.some((s) => typeof s !== "string" || s.trim().length === 0)) problems.push("empty suggestion");
  if (answer.match && !answer.answered && answer.status !== "unanswerable") problems.push("match on a refusal");
  return problems;
}

export function expectSoundAnswer(engine: Engine, question: string, answer: Answer): void {
  expect([...shapeProblems(answer), ...citationProblems(engine, answer)], JSON.stringify(question)).toEqual([]);
}

export { seededRandom } from "./prng.ts";

export const stripAccents = (s: string) => s.normalize("NFD").replace(/\p{M}+/gu, "").normalize("NFC");
