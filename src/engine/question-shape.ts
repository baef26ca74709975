/**
 * The shape of a question, read from its raw text: several questions in one
 * message, a choice between alternatives, a story told before the question,
 * a month named.
 */
import { MONTH_ALTERNATION } from "./normalize/french.ts";
import { foldText } from "./normalize/text.ts";

const INTERROGATIVE = String.raw`(?:qui|quel|quelle|quels|quelles|combien|quand|où|pourquoi|comment|est-ce|(?:pour|dans|de|à|avec|par|en) (?:quel|quelle|quels|quelles|qui|quoi|combien))`;
/** "?" ending a question, or "et" / "," opening another question ("… et pour quel journal ?"). */
// A bare comma before "qui" opens a relative clause ("La délégation, qui comptait 60 personnes, …"), not a question.
const QUESTION_BOUNDARY = new RegExp(
  String.raw`(?<=\?)\s+|\s*(?:,\s*et|\bet)\s+(?=${INTERROGATIVE}(?!\p{L}))|\s*,\s+(?!qui(?!\p{L}))(?=${INTERROGATIVE}(?!\p{L}))`,
  "iu",
);

/** The questions of a message that asks several (at most 3); a single question when it asks one. */
export function questionParts(text: string): string[] {
  const pieces = text
    .split(QUESTION_BOUNDARY)
    .map((t) => t.trim())
    .filter((t) => /\p{L}/u.test(t));
  // A piece that asks nothing ("Sur les 140 délégués, combien étaient russes et combien maliens ?") sets the
  // scene of the questions after it.
  const parts: string[] = [];
  let scene = "";
  for (const piece of pieces) {
    if (!piece.includes("?") && !ASKS.test(piece) && piece !== pieces.at(-1)) scene = `${scene}${piece}, `;
    else parts.push(`${scene}${piece}`);
  }
  return parts.slice(0, 3);
}

const ASKS = new RegExp(String.raw`(?<!\p{L})${INTERROGATIVE}(?!\p{L})`, "iu");

/** The last sentence that asks something, when the message has several sentences; undefined otherwise. */
export function askedSentence(text: string): string | undefined {
  const sentences = text
    .split(/(?<=[.!?…])\s+|\n+/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  if (sentences.length < 2) return undefined;
  return [...sentences].reverse().find((t) => t.includes("?")) ?? sentences[sentences.length - 1];
}

/** "A ou B ?": "ou" between two parts of the question (a leading "ou" is "où" typed without its accent). */
export function isChoiceQuestion(text: string): boolean {
  return /\S\s+ou\s+(?!bien\b)\S/iu.test(text) && !/^\s*(?:d['’ ]?)?ou\b/iu.test(text);
}

const MONTH_NAMES = new RegExp(String.raw`\b(?:${MONTH_ALTERNATION})\b`);

/** Whether the text names a month ("le 27 juillet"): a number beside it is a day, not a count. */
export function mentionsMonth(text: string): boolean {
  return MONTH_NAMES.test(foldText(text));
}

