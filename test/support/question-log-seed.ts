import type { Engine } from "../../src/engine/engine.ts";
import type { LoggedQuestion, QuestionLog } from "../../src/store/types.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const QUESTIONS = [
  "Qui a conduit la délégation ?",
  "Quand les Russes sont arrivés ?",
  "Quel est le salaire de Tsivilev ?",
  "Le big boss russe c'était qui ?",
  "Combien de membres ?",
  "quel est le SALAIRE de tsivilev",
  "Quelle est la météo demain à Bamako ?",
];

/**
 * Fills a question log as a fortnight of real use would: the questions asked (and answered by the engine, as
 * the bot does), some inline, some voted on. Deterministic: the same rows every run.
 */
export async function seedQuestionLog(log: QuestionLog, engine: Engine, days: number, end: number): Promise<LoggedQuestion[]> {
  const rows: LoggedQuestion[] = [];
  let n = 0;
  for (let d = 0; d < days; d++) {
    for (let k = 0; k < 2 + ((d * 5) % 7); k++) {
      const question = QUESTIONS[(d + k * 3) % QUESTIONS.length] as string;
      const answer = engine.ask(question);
      n++;
      const row: LoggedQuestion = {
        id: n.toString(16).padStart(16, "0"),
        at: new Date(end - (days - 1 - d) * DAY_MS - (k + 1) * 60_000),
        question,
        status: answer.status,
        score: answer.score,
        ...(answer.match ? { match: `${answer.match.kind}:${answer.match.id}` } : {}),
        suggestions: answer.suggestions,
        via: k % 4 === 3 ? "inline" : "chat",
        asker: `asker${k % 4}`,
      };
      await log.logQuestion(row);
      if (k % 3 === 0) {
        row.feedback = k % 2 === 0 ? "up" : "down";
        await log.recordFeedback(row.id, row.feedback);
      }
      rows.push(row);
    }
  }
  return rows;
}
