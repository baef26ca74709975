import { Composer, InlineKeyboard } from "grammy";
import type { Engine } from "../../engine/engine.ts";
import { askButton, topicButton, TOPIC_PATTERN } from "../callback-data.ts";
import type { BotContext } from "../context.ts";
import { buttonLabel, escapeHtml } from "../render.ts";
import { sendHtml } from "../reply.ts";

const INDEX = "faq-index";

/** /faq: browse the topics, then a topic's questions; pressing a question answers it (see questions feature). */
export function faqFeature(engine: Engine): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const topicsKeyboard = () => {
    const keyboard = new InlineKeyboard();
    for (const t of engine.knowledge.topics) keyboard.text(t.label, topicButton(t.id)).row();
    return keyboard;
  };
  const intro = "<b>Questions fréquentes</b>\nChoisissez un thème :";

  feature.command("faq", async (ctx) => {
    await sendHtml(ctx, intro, { keyboard: topicsKeyboard() });
  });

  feature.callbackQuery(INDEX, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(intro, { parse_mode: "HTML", reply_markup: topicsKeyboard() });
  });

  feature.callbackQuery(TOPIC_PATTERN, async (ctx) => {
    const topic = engine.knowledge.topics.find((t) => t.id === ctx.match[1]);
    if (!topic) {
      await ctx.answerCallbackQuery({ text: "Ce thème n’existe plus. Tapez /faq pour la liste à jour." });
      return;
    }
    await ctx.answerCallbackQuery();
    const keyboard = new InlineKeyboard();
    for (const entry of engine.knowledge.faq.filter((e) => e.topic === topic.id)) {
      keyboard.text(buttonLabel(entry.questions[0] as string), askButton(entry.id)).row();
    }
    keyboard.text("« Tous les thèmes", INDEX);
    await ctx.editMessageText(`<b>${escapeHtml(topic.label)}</b>\nChoisissez une question :`, { parse_mode: "HTML", reply_markup: keyboard });
  });
  return feature;
}
