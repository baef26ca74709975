import type { FaqEntry } from "./types.ts";

/** A curated answer that says what the article does not tell ("… ; l’article ne précise pas de quel ministère…"). */
const ADMITS_A_GAP = /\bl[’']article ne (?:précise|dit|donne|indique|détaille|mentionne|nomme) pas\b/u;

/**
 * Whether an FAQ entry says, in whole or in part, that the article does not tell something: a curated refusal
 * (`unanswered`), or an answer that admits a gap. A newer source that tells it answers instead (engine.ts), and
 * knowledge:check warns that the entry is out of date rather than failing.
 */
export function admitsAGap(entry: Pick<FaqEntry, "unanswered" | "answer">): boolean {
  return entry.unanswered === true || ADMITS_A_GAP.test(entry.answer);
}
