import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.ts";

/**
 * Drops an update already seen by this process. Telegram redelivers an
 * update whose webhook call did not get a 2xx in time; answering it twice
 * would send the user two replies.
 */
export function dropRedeliveries(remember = 2000): MiddlewareFn<BotContext> {
  const seen = new Set<number>();
  return async (ctx, next) => {
    const id = ctx.update.update_id;
    if (seen.has(id)) {
      ctx.logger.warn("update delivered twice; the second copy is ignored");
      return;
    }
    seen.add(id);
    // A Set iterates in insertion order: the first entry is the oldest.
    if (seen.size > remember) seen.delete(seen.values().next().value as number);
    await next();
  };
}
