import { GrammyError, HttpError, type BotError } from "grammy";
import type { Logger } from "../logger.ts";
import type { SubscriptionStore } from "../store/types.ts";
import type { BotContext } from "./context.ts";
import { isAmbiguousSend } from "../telegram/delivery.ts";

/** Telegram's way of saying the user blocked the bot or the chat is gone: not a bug, nothing to retry. */
export function isChatUnreachable(error: unknown): boolean {
  if (!(error instanceof GrammyError)) return false;
  return error.error_code === 403 || (error.error_code === 400 && /chat not found|user is deactivated|bot was kicked/i.test(error.description));
}

/**
 * The error boundary: a failing handler is logged with its update id and,
 * in a private chat, the user gets an apology; the bot keeps running.
 * A reply that left but whose answer was lost gets neither a second copy nor
 * an apology: it most likely arrived, and at most once is the rule
 * (README, "Faults").
 */
export function handleBotError(logger: Logger, store?: SubscriptionStore) {
  return async (err: BotError<BotContext>) => {
    const ctx = err.ctx;
    const log = (ctx.logger as Logger | undefined) ?? logger.child({ update_id: ctx.update.update_id });
    const error = err.error;
    if (isChatUnreachable(error)) {
      log.warn({ description: (error as GrammyError).description, chat_id: ctx.chat?.id }, "chat unreachable (bot blocked or chat gone)");
      // No point sending it updates any more; it can /abonner again after unblocking.
      if (store && ctx.chat) await store.deactivate(ctx.chat.id, (error as GrammyError).description, new Date()).catch(() => undefined);
      return;
    }
    if (isAmbiguousSend(error)) {
      log.warn({ err: error }, "a reply was sent but Telegram's answer was lost; not sent again (it most likely arrived)");
      return;
    }
    if (error instanceof GrammyError) log.error({ method: error.method, code: error.error_code, description: error.description }, "Telegram refused a call");
    else if (error instanceof HttpError) log.error({ err: error.error }, "network error talking to Telegram");
    else log.error({ err: error }, "handler failed");
    if (ctx.chat?.type === "private") {
      await ctx
        .reply("Désolé, une erreur est survenue de mon côté. Réessayez dans un instant ; si cela continue, l’équipe a été prévenue par le journal d’erreurs.")
        .catch(() => undefined);
    }
  };
}
