import type { Engine } from "../engine/engine.ts";
import type { LoggedQuestion } from "../store/types.ts";

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

/** The questions that need review, grouped by what they ask, the largest groups first; ignored groups left out. */
export function reviewGroups(questions: LoggedQuestion[], engine: Engine, ignored: ReadonlySet<string> = new Set()): ReviewGroup[] {
  const groups = new Map<string, { rows: LoggedQuestion[]; wordings: Map<string, number> }>();
  for (const q of questions) {
    if (!needsReview(q)) continue;
    const key = engine.normalizedTerms(q.question).join(" ") || q.question.trim().toLowerCase();
    if (ignored.has(key)) continue;
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
