import { Composer, InlineKeyboard } from "grammy";
import type { Engine } from "../../engine/engine.ts";
import { FEEDBACK_PATTERN, THANKS_BUTTON } from "../callback-data.ts";
import type { BotContext } from "../context.ts";
import type { QuestionLogger } from "../question-logger.ts";
import { suggestionKeyboard } from "../render.ts";
import { sendHtml } from "../reply.ts";

const THANKS = "✓ Merci pour votre avis";

/**
 * 👍 / 👎 under an answer: one tap records it against the logged question, and the buttons become a short
 * thank-you. After a 👎, the next candidates are offered ("Vouliez-vous dire…"). Nothing is required: the bot
 * answers the same whether anyone votes or not.
 */
export function feedbackFeature(engine: Engine, questionLog: QuestionLogger): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.callbackQuery(FEEDBACK_PATTERN, async (ctx) => {
    const id = ctx.match[1] as string;
    const vote = ctx.match[2] === "u" ? "up" : "down";
    // In a group everyone sees the buttons: only the person who asked gives the opinion on the answer.
    if (ctx.chat?.type !== "private") {
      const asked = await questionLog.question(id);
      if (asked && !questionLog.askedBy(asked, ctx.from.id)) {
        await ctx.answerCallbackQuery({ text: "Seule la personne qui a posé la question peut donner son avis sur cette réponse." });
        return;
      }
    }
    const recorded = await questionLog.feedback(id, vote);
    ctx.logger.info({ vote, recorded }, "feedback");
    await ctx.answerCallbackQuery({ text: vote === "up" ? "Merci !" : "Merci, c’est noté : cela nous aide à améliorer les réponses." });
    await ctx
      .editMessageReplyMarkup({ reply_markup: new InlineKeyboard().text(THANKS, THANKS_BUTTON) })
      .catch((error: unknown) => ctx.logger.debug({ err: error }, "feedback buttons not replaced"));
    if (vote !== "down") return;
    const logged = await questionLog.question(id);
    if (!logged) return;
    const matchId = logged.match?.split(":")[1];
    const others = engine.relatedQuestions(logged.question, matchId).flatMap((question) => {
      const faqId = engine.faqIdOfSuggestion(question);
      return faqId ? [{ question, faqId }] : [];
    });
    const keyboard = suggestionKeyboard(others, id);
    if (keyboard) await sendHtml(ctx, "Vouliez-vous dire :", { keyboard });
  });

  feature.callbackQuery(THANKS_BUTTON, (ctx) => ctx.answerCallbackQuery({ text: "Déjà noté, merci !" }));
  return feature;
}
