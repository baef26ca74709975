import type { MiddlewareFn, Transformer } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../../logger.ts";
import type { UpdateJournal } from "../../store/types.ts";
import { deliveryHooks } from "../../telegram/delivery.ts";
import type { BotContext } from "../context.ts";

/**
 * No update lost, none answered twice (see UpdateJournal):
 * - polling: every getUpdates batch is recorded before the runner's next call confirms it to Telegram;
 * - webhook: `admit` records the update before the 200;
 * - the middleware skips redeliveries and updates already being handled (a replay after a crash and
 *   Telegram's unconfirmed copy of it), marks the update "replying" right before its first reply leaves
 *   (delivery.ts), and done when it is handled.
 * If the journal cannot be written (full disk), updates are still answered: a lost reply after a crash is
 * better than no reply now.
 */
export class JournalGate {
  private readonly redelivered = new Set<number>();
  private readonly inFlight = new Set<number>();

  constructor(
    private readonly journal: UpdateJournal,
    private readonly logger: Logger,
  ) {}

  recordPolledUpdates(): Transformer {
    return async (prev, method, payload, signal) => {
      const answer = await prev(method, payload, signal);
      if (method !== "getUpdates" || !answer.ok) return answer;
      const updates = answer.result as Update[];
      if (updates.length > 0) {
        const fresh = await this.record(updates);
        for (const u of updates) if (!fresh.has(u.update_id)) this.redelivered.add(u.update_id);
      }
      return answer;
    };
  }

  /** Webhook: true when the update is to be handled, false for a redelivery of one already recorded. */
  async admit(update: Update): Promise<boolean> {
    return (await this.record([update])).has(update.update_id);
  }

  private async record(updates: Update[]): Promise<Set<number>> {
    try {
      return await this.journal.record(updates, new Date());
    } catch (error) {
      this.logger.error({ err: error, count: updates.length }, "update journal not written; these updates are answered without crash protection");
      return new Set(updates.map((u) => u.update_id));
    }
  }

  middleware(): MiddlewareFn<BotContext> {
    return async (ctx, next) => {
      const id = ctx.update.update_id;
      if (this.redelivered.delete(id) || this.inFlight.has(id)) {
        ctx.logger.info("update delivered again; already handled or being handled, skipped");
        return;
      }
      this.inFlight.add(id);
      let replying: Promise<void> | undefined;
      const beforeBodySent = () =>
        (replying ??= this.journal.markReplying(id).catch((error: unknown) => ctx.logger.error({ err: error }, "update journal not written before the reply")));
      try {
        await deliveryHooks.run({ beforeBodySent }, next);
      } finally {
        this.inFlight.delete(id);
        this.journal.markDone(id);
      }
    };
  }
}
