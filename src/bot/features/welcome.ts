import { Composer } from "grammy";
import type { Engine } from "../../engine/engine.ts";
import type { BotContext } from "../context.ts";
import { escapeHtml, suggestionKeyboard } from "../render.ts";
import { sendHtml } from "../reply.ts";

export const HELP_TEXT = [
  "<b>Comment m’utiliser</b>",
  "Écrivez votre question en français, comme vous la poseriez à quelqu’un : je réponds avec l’extrait de l’article d’où vient la réponse, cité.",
  "",
  "/faq — parcourir les questions par thème",
  "/sources — les sources utilisées",
  "/abonner — recevoir les nouvelles sur la visite (/desabonner pour arrêter, /statut pour savoir où vous en êtes)",
  "/question … — poser une question dans un groupe (ou mentionnez-moi, ou répondez à un de mes messages)",
  "/aide — ce message",
].join("\n");

/** /start (deep-link payloads tolerated) and /aide. */
export function welcomeFeature(engine: Engine): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const examples = () =>
    suggestionKeyboard(
      engine.exampleQuestions(4).flatMap((question) => {
        const faqId = engine.faqIdOfSuggestion(question);
        return faqId ? [{ question, faqId }] : [];
      }),
    );

  feature.command("start", async (ctx) => {
    // A deep link (t.me/bot?start=xyz) brings a payload; it is logged, never trusted or echoed.
    if (ctx.match) ctx.logger.info({ payload_length: ctx.match.length }, "start with deep-link payload");
    const name = ctx.from?.first_name ? `, ${escapeHtml(ctx.from.first_name)}` : "";
    const text = [
      `Bonjour${name} !`,
      "Je réponds à vos questions sur la <b>visite de la délégation russe conduite par le ministre de l’Énergie Sergei Tsivilev à Bamako, le 28 juillet 2025</b>, d’après l’article d’Info Matin.",
      "Chaque réponse est accompagnée de l’extrait cité. Posez votre question, ou essayez un exemple :",
    ].join("\n\n");
    const keyboard = examples();
    await sendHtml(ctx, text, keyboard ? { keyboard } : {});
  });

  feature.command(["aide", "help"], async (ctx) => {
    await sendHtml(ctx, HELP_TEXT);
  });
  return feature;
}
