import { Composer } from "grammy";
import type { Engine } from "../../engine/engine.ts";
import type { BotContext } from "../context.ts";
import { frenchDate } from "../../common/french-date.ts";
import { escapeHtml } from "../../common/html.ts";
import { sendHtml } from "../reply.ts";


/** /sources: the documents the answers come from. */
export function sourcesFeature(engine: Engine): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("sources", async (ctx) => {
    const lines = engine.knowledge.sources.map((s) => {
      const link = s.url ? `\n<a href="${escapeHtml(s.url)}">Lire l’original</a>` : "";
      const kind = s.kind === "article" ? "Article" : "Mise à jour";
      return `• <b>${escapeHtml(s.title)}</b>\n${kind} — ${escapeHtml(s.outlet)}, ${escapeHtml(s.author)}, ${frenchDate(s.date)}${link}`;
    });
    await sendHtml(ctx, `<b>Sources</b>\n\n${lines.join("\n\n")}\n\nToutes les citations sont des extraits mot pour mot de ces sources.`);
  });
  return feature;
}
