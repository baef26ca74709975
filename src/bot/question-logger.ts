import type { Answer } from "../engine/answer.ts";
import type { Logger } from "../logger.ts";
import { keyedHash } from "../store/install-secret.ts";
import type { LoggedQuestion, QuestionLog } from "../store/types.ts";
import { randomHexId } from "../common/random-id.ts";

const INLINE_SETTLE_MS = 3000;

/**
 * Writes the private question log (README, "Question log"): a question addressed to the bot and its outcome,
 * with no chat or user id, name or username. Distinct askers are counted through a keyed hash whose key lives
 * only in DATA_DIR and changes every month (so a month's askers cannot be followed into the next). Writing
 * never delays an answer and never fails one.
 */
export class QuestionLogger {
  /** Inline queries waiting to be logged, by asker: only the last one of a burst of typing is kept (memory only). */
  private readonly settling = new Map<number | string, NodeJS.Timeout>();

  constructor(
    private readonly log: QuestionLog,
    private readonly secret: Buffer,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    /** Telegram sends an inline query at every pause in typing: the query is logged once typing has stopped this long. */
    private readonly inlineSettleMs = INLINE_SETTLE_MS,
  ) {}

  /**
   * Logs an inline query once its asker has stopped typing: "Qui a", "Qui a cond", "Qui a conduit la délégation"
   * are one question, logged as the last of them.
   */
  recordWhenSettled(question: string, answer: Answer, userId: number): void {
    clearTimeout(this.settling.get(userId));
    const timer = setTimeout(() => {
      this.settling.delete(userId);
      this.record(question, answer, "inline", userId);
    }, this.inlineSettleMs);
    timer.unref();
    this.settling.set(userId, timer);
  }

  /** Logs the question; returns its log id (what the answer's feedback buttons carry). */
  record(question: string, answer: Answer, via: LoggedQuestion["via"], userId: number | undefined): string {
    const at = new Date(this.now());
    const id = randomHexId();
    const month = at.toISOString().slice(0, 7);
    this.log
      .logQuestion({
        id,
        at,
        question,
        status: answer.status,
        score: answer.score,
        ...(answer.match ? { match: `${answer.match.kind}:${answer.match.id}` } : {}),
        suggestions: answer.suggestions,
        via,
        asker: this.askerKey(month, userId),
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, "question not logged"));
    return id;
  }

  private askerKey(month: string, userId: number | undefined): string {
    return keyedHash(this.secret, "asker", month, userId ?? "anonymous").slice(0, 12);
  }

  /** Whether this user asked the logged question (compared through the keyed hash: the log holds no user id). */
  askedBy(logged: LoggedQuestion, userId: number): boolean {
    return logged.asker === this.askerKey(logged.at.toISOString().slice(0, 7), userId);
  }

  feedback(id: string, vote: "up" | "down"): Promise<boolean> {
    return this.log.recordFeedback(id, vote).catch((error: unknown) => {
      this.logger.warn({ err: error }, "feedback not recorded");
      return false;
    });
  }

  pressed(id: string, faqId: string): void {
    this.log.recordSuggestionPressed(id, faqId).catch((error: unknown) => this.logger.warn({ err: error }, "suggestion press not logged"));
  }

  question(id: string): Promise<LoggedQuestion | undefined> {
    return this.log.getQuestion(id).catch(() => undefined);
  }
}
