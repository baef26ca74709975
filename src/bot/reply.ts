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

/** Shows "typing…" without ever delaying or blocking the answer if Telegram refuses it. */
export function showTyping(ctx: BotContext): void {
  ctx.replyWithChatAction("typing").catch((error: unknown) => ctx.logger.debug({ err: error }, "typing indicator not sent"));
}

/** Renders an engine Answer into a Telegram message, with suggestion buttons when there are some. */
export async function sendAnswer(ctx: BotContext, engine: Engine, answer: Answer, replyTo?: number) {
  ctx.answerLog = { status: answer.status, score: answer.score, ...(answer.match ? { match: `${answer.match.kind}:${answer.match.id}` } : {}) };
  const suggestions = answer.suggestions.flatMap((question) => {
    const faqId = engine.faqIdOfSuggestion(question);
    return faqId ? [{ question, faqId }] : [];
  });
  const keyboard = suggestionKeyboard(suggestions);
  return sendHtml(ctx, renderAnswerHtml(answer), { ...(keyboard ? { keyboard } : {}), ...(replyTo ? { replyTo } : {}) });
}
