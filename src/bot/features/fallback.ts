import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { sendHtml } from "../reply.ts";

/**
 * The catch-all, registered last: unknown commands get a hint, non-text
 * messages in private chats get a short explanation, edited messages and
 * anything in groups not addressed to the bot are left alone (no spam).
 */
export function fallbackFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const privateChats = feature.chatType("private");

  privateChats.on("message:text", async (ctx) => {
    if (ctx.message.text.startsWith("/")) {
      await sendHtml(ctx, "Je ne connais pas cette commande. Tapez /aide pour la liste, ou posez directement votre question.");
    }
  });
  // In a group, only a command explicitly addressed to this bot ("/foo@visite_bot") gets the hint.
  feature.chatType(["group", "supergroup"]).on("message:text", async (ctx, next) => {
    const text = ctx.message.text;
    if (!text.startsWith("/") || !text.split(/\s/)[0]?.toLowerCase().endsWith(`@${ctx.me.username.toLowerCase()}`)) return next();
    await sendHtml(ctx, "Je ne connais pas cette commande. Tapez /aide, ou /question suivie de votre question.", { replyTo: ctx.message.message_id });
  });
  privateChats.on("message", async (ctx) => {
    await sendHtml(ctx, "Je ne lis que les messages écrits. Posez-moi votre question en texte, en français, par exemple : « Qui a conduit la délégation ? »");
  });
  feature.on("callback_query", async (ctx) => {
    await ctx.answerCallbackQuery({ text: "Ce bouton n’est plus valable. Tapez /faq pour recommencer." });
  });
  feature.use((ctx) => {
    ctx.logger.debug({ kinds: Object.keys(ctx.update).filter((k) => k !== "update_id") }, "update ignored");
  });
  return feature;
}
