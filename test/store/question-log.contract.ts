/**
 * The contract of a QuestionLog (src/store/types.ts), run against every implementation: what the bot, the review
 * and the report rely on.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { LoggedQuestion, QuestionLog } from "../../src/store/types.ts";

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2025, 7, 1, 12);

export function logged(id: string, at: number, extra: Partial<LoggedQuestion> = {}): LoggedQuestion {
  return { id, at: new Date(at), question: `Question ${id} ?`, status: "unanswerable", score: 0.3, suggestions: [], via: "chat", asker: "a1", ...extra };
}

export function questionLogContract(name: string, open: () => Promise<QuestionLog & { close(): Promise<void> }>): void {
  describe(`QuestionLog contract: ${name}`, () => {
    const opened: Array<{ close(): Promise<void> }> = [];
    const fresh = async () => {
      const log = await open();
      opened.push(log);
      return log;
    };
    afterEach(async () => {
      for (const log of opened.splice(0)) await log.close();
    });

    it("keeps a question with its outcome, and reads it back the same", async () => {
      const log = await fresh();
      const q = logged("0123456789abcdef", T0, { status: "answered", score: 0.91, match: "faq:chef-delegation", suggestions: ["Qui ?", "Quand ?"], via: "inline" });
      await log.logQuestion(q);
      expect(await log.getQuestion(q.id)).toEqual(q);
      expect(await log.getQuestion("ffffffffffffffff")).toBeUndefined();
    });

    it("records 👍/👎 and the suggestion pressed; feedback on an unknown id says so", async () => {
      const log = await fresh();
      await log.logQuestion(logged("aaaaaaaaaaaaaaaa", T0));
      expect(await log.recordFeedback("aaaaaaaaaaaaaaaa", "down")).toBe(true);
      await log.recordSuggestionPressed("aaaaaaaaaaaaaaaa", "date-visite");
      expect(await log.recordFeedback("bbbbbbbbbbbbbbbb", "up")).toBe(false);
      const q = await log.getQuestion("aaaaaaaaaaaaaaaa");
      expect(q?.feedback).toBe("down");
      expect(q?.pressed).toBe("date-visite");
      // A second vote replaces the first: one answer, one opinion.
      await log.recordFeedback("aaaaaaaaaaaaaaaa", "up");
      expect((await log.getQuestion("aaaaaaaaaaaaaaaa"))?.feedback).toBe("up");
    });

    it("logging the same id twice keeps the first (a replayed update is not counted twice)", async () => {
      const log = await fresh();
      await log.logQuestion(logged("cccccccccccccccc", T0, { question: "première ?" }));
      await log.logQuestion(logged("cccccccccccccccc", T0, { question: "seconde ?" }));
      expect((await log.getQuestion("cccccccccccccccc"))?.question).toBe("première ?");
    });

    it("questionsSince reads a period, oldest first; forgetQuestionsBefore deletes what is older and only that", async () => {
      const log = await fresh();
      for (let day = 0; day < 10; day++) await log.logQuestion(logged(`d${String(day).padStart(15, "0")}`, T0 + day * DAY));
      const recent = await log.questionsSince(new Date(T0 + 7 * DAY));
      expect(recent.map((q) => q.at.getTime())).toEqual([T0 + 7 * DAY, T0 + 8 * DAY, T0 + 9 * DAY]);
      expect(await log.forgetQuestionsBefore(new Date(T0 + 5 * DAY))).toBe(5);
      expect((await log.questionsSince(new Date(0))).length).toBe(5);
      expect(await log.forgetQuestionsBefore(new Date(T0 + 5 * DAY))).toBe(0);
    });

    it("remembers what curators decided: ignored for good, or fixed at a date (never downgrading an ignore)", async () => {
      const log = await fresh();
      expect((await log.reviewDecisions()).size).toBe(0);
      await log.markReviewed("big condu russie", new Date(T0));
      await log.markReviewed("big condu russie", new Date(T0 + DAY));
      await log.ignoreInReview("salai tsivilev", new Date(T0));
      await log.markReviewed("salai tsivilev", new Date(T0 + DAY));
      const decisions = await log.reviewDecisions();
      expect(decisions.get("big condu russie")).toEqual({ at: new Date(T0 + DAY), forever: false });
      expect(decisions.get("salai tsivilev")).toEqual({ at: new Date(T0), forever: true });
    });
  });
}
