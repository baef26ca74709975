import type { MiddlewareFn } from "grammy";
import type { Logger } from "../../logger.ts";
import type { BotContext } from "../context.ts";

/** A child logger per update (update id, chat type), and one line per handled update with its latency and what matched. */
export function updateLogger(logger: Logger): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const started = performance.now();
    ctx.logger = logger.child({ update_id: ctx.update.update_id, chat_type: ctx.chat?.type ?? "none" });
    try {
      await next();
    } finally {
      const latency_ms = Math.round((performance.now() - started) * 10) / 10;
      ctx.logger.info({ latency_ms, ...(ctx.answerLog ?? {}) }, "update handled");
    }
  };
}
