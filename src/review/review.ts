import type { Engine } from "../engine/engine.ts";
import type { LoggedQuestion, ReviewDecisions } from "../store/types.ts";

/** Questions that ask the same thing (same normalised terms), and what curators need to decide about them. */
export interface ReviewGroup {
  /** The normalised terms: what groups spelling variants ("delegasion", "délégation"). */
  key: string;
  /** The distinct wordings, the most asked first. */
  questions: string[];
  count: number;
  /** Distinct askers (keyed hashes of the month: a rough count, never a name). */
  askers: number;
  refused: number;
  unsure: number;
  downvoted: number;
  /** The FAQ entry nearest to the most asked wording, and how much of it it covers. */
  nearest?: { id: string; question: string; score: number; unanswered: boolean };
  lastAt: Date;
}

const REFUSED = new Set(["unanswerable", "off_topic"]);

/** Whether a logged question calls for a curator's look: refused, unsure, or answered and voted 👎. */
export function needsReview(q: LoggedQuestion): boolean {
  return REFUSED.has(q.status) || q.status === "unsure" || q.feedback === "down";
}

/** The key that groups questions asking the same thing (spelling variants included). */
export function groupKey(engine: Engine, question: string): string {
  return engine.normalizedTerms(question).join(" ") || question.trim().toLowerCase();
}

/**
 * The questions that need review, grouped by what they ask, the largest groups first. Ignored groups are left
 * out; of a group already fixed, only the questions asked since (if it still fails) come back.
 */
export function reviewGroups(questions: LoggedQuestion[], engine: Engine, decisions: ReviewDecisions = new Map()): ReviewGroup[] {
  const groups = new Map<string, { rows: LoggedQuestion[]; wordings: Map<string, number> }>();
  for (const q of questions) {
    if (!needsReview(q)) continue;
    const key = groupKey(engine, q.question);
    const decision = decisions.get(key);
    if (decision && (decision.forever || q.at <= decision.at)) continue;
    const group = groups.get(key) ?? { rows: [] as LoggedQuestion[], wordings: new Map<string, number>() };
    group.rows.push(q);
    group.wordings.set(q.question, (group.wordings.get(q.question) ?? 0) + 1);
    groups.set(key, group);
  }
  return [...groups.entries()]
    .map(([key, { rows, wordings }]): ReviewGroup => {
      const questions = [...wordings.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
      const nearest = engine.nearestEntry(questions[0] as string);
      return {
        key,
        questions,
        count: rows.length,
        askers: new Set(rows.map((r) => r.asker)).size,
        refused: rows.filter((r) => REFUSED.has(r.status)).length,
        unsure: rows.filter((r) => r.status === "unsure").length,
        downvoted: rows.filter((r) => r.feedback === "down").length,
        ...(nearest ? { nearest } : {}),
        lastAt: new Date(Math.max(...rows.map((r) => r.at.getTime()))),
      };
    })
    .sort((a, b) => b.count - a.count || b.askers - a.askers || b.lastAt.getTime() - a.lastAt.getTime());
}
