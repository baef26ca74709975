import type { InlineKeyboard } from "grammy";
import type { Answer } from "../engine/answer.ts";
import type { Engine } from "../engine/engine.ts";
import type { BotContext } from "./context.ts";
import { renderAnswerHtml, suggestionKeyboard } from "./render.ts";

/** Sends HTML without link previews, as a reply to `replyTo` when given (groups). */
export async function sendHtml(ctx: BotContext, html: string, options: { keyboard?: InlineKeyboard; replyTo?: number } = {}) {
  return ctx.reply(html, {
    parse_mode: "HTML",
    link_preview_options: { is_disabled: true },
    ...(options.keyboard ? { reply_markup: options.keyboard } : {}),
    ...(options.replyTo ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } } : {}),
  });
}

/** Telegram shows "typing…" for about 5 s; it is renewed a little before that. */
const TYPING_RENEW_MS = 4500;

/**
 * Runs `work` (composing and sending an answer) with a "typing…" indicator
 * shown only if it takes longer than `delayMs`: the engine answers in well
 * under a millisecond, so the indicator appears when there is waiting to
 * see (Telegram slow, a 429 being waited out), and costs no API call
 * otherwise. A refused indicator never delays or blocks the answer.
 */
export async function withTyping<T>(ctx: BotContext, delayMs: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const show = () => {
    ctx.replyWithChatAction("typing").catch((error: unknown) => ctx.logger.debug({ err: error }, "typing indicator not sent"));
    timer = setTimeout(show, TYPING_RENEW_MS);
  };
  timer = setTimeout(show, delayMs);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Renders an engine Answer into a Telegram message, with suggestion buttons when there are some, and 👍 / 👎
 * under an answer whose question was logged (`loggedId`).
 */
export async function sendAnswer(ctx: BotContext, engine: Engine, answer: Answer, replyTo?: number, loggedId?: string) {
  ctx.answerLog = { status: answer.status, score: answer.score, ...(answer.match ? { match: `${answer.match.kind}:${answer.match.id}` } : {}) };
  const suggestions = answer.suggestions.flatMap((question) => {
    const faqId = engine.faqIdOfSuggestion(question);
    return faqId ? [{ question, faqId }] : [];
  });
  const keyboard = suggestionKeyboard(suggestions, loggedId, answer.answered);
  return sendHtml(ctx, renderAnswerHtml(answer), { ...(keyboard ? { keyboard } : {}), ...(replyTo ? { replyTo } : {}) });
}
