import { Composer } from "grammy";
import type { BroadcastProgress } from "../../broadcast/broadcaster.ts";
import type { Publisher } from "../../broadcast/publisher.ts";
import type { ReloadResult } from "../../engine/live-engine.ts";
import type { BotContext } from "../context.ts";
import type { BackgroundJobs } from "../background-jobs.ts";
import { escapeHtml } from "../render.ts";
import { sendHtml } from "../reply.ts";

const PROGRESS_EDIT_INTERVAL_MS = 2000;

function progressText(title: string, p: BroadcastProgress, final?: string): string {
  const pct = p.total === 0 ? 100 : Math.round((p.done / p.total) * 100);
  return `<b>Publication :</b> ${escapeHtml(title)}\n${p.done}/${p.total} (${pct} %) — envoyés ${p.sent}, désactivés ${p.deactivated}, échecs ${p.failed}${final ? `\n\n${final}` : ""}`;
}

/** /publier <id>: for ADMIN_IDS only; the broadcast runs in the background and a progress message is edited as it goes. */
export function adminFeature(deps: { adminIds: number[]; publisher: Publisher; jobs: BackgroundJobs; reloadKnowledge?: () => ReloadResult }): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command(["publier", "publish"], async (ctx) => {
    const userId = ctx.from?.id;
    if (userId === undefined || !deps.adminIds.includes(userId)) {
      ctx.logger.warn({ user_id: userId }, "publish refused: not an admin");
      await sendHtml(ctx, "Cette commande est réservée aux administrateurs du bot.");
      return;
    }
    const id = ctx.match.trim();
    // The update may have been saved a moment ago: the knowledge is read again first, and a file with a problem
    // is reported to the admin (the bot goes on answering from the previous knowledge).
    const reloaded = deps.reloadKnowledge?.();
    if (reloaded && !reloaded.ok) {
      ctx.logger.warn({ user_id: userId }, "publish refused: the knowledge files have a problem");
      await sendHtml(ctx, `Les connaissances n’ont pas pu être rechargées, rien n’a été publié :\n<pre>${escapeHtml(reloaded.error.slice(0, 3000))}</pre>\nCorrigez le fichier, puis relancez /publier. Le bot continue de répondre avec les connaissances précédentes.`);
      return;
    }
    const known = deps.publisher.knownUpdates();
    if (!id) {
      await sendHtml(ctx, known.length ? `Usage : /publier &lt;id&gt;\nMises à jour disponibles : ${known.map((u) => `<code>${escapeHtml(u.id)}</code>`).join(", ")}` : "Aucune mise à jour dans knowledge/updates/.");
      return;
    }
    const update = known.find((u) => u.id === id);
    if (!update) {
      await sendHtml(ctx, `Mise à jour inconnue : <code>${escapeHtml(id)}</code>.\nDisponibles : ${known.map((u) => `<code>${escapeHtml(u.id)}</code>`).join(", ") || "aucune"}`);
      return;
    }
    const before = await deps.publisher.summary(id);
    const message = await sendHtml(ctx, `<b>Publication :</b> ${escapeHtml(update.title)}\nPréparation…`);
    const chatId = message.chat.id;
    let lastEdit = 0;
    let lastText = "";
    const edit = async (text: string, force = false) => {
      const t = Date.now();
      if (text === lastText || (!force && t - lastEdit < PROGRESS_EDIT_INTERVAL_MS)) return;
      lastEdit = t;
      lastText = text;
      await ctx.api.editMessageText(chatId, message.message_id, text, { parse_mode: "HTML" }).catch((error: unknown) => ctx.logger.debug({ err: error }, "progress edit failed"));
    };
    ctx.logger.info({ update: id, user_id: userId }, "publish started");
    // In the background: the admin's chat keeps working, and a stop of the bot interrupts it cleanly (it resumes next time).
    const started = deps.jobs.start(`publish:${id}`, async (signal) => {
      let last: BroadcastProgress = { done: 0, total: 0, sent: 0, deactivated: 0, failed: 0, unknown: 0 };
      try {
        const result = await deps.publisher.publish(id, {
          signal,
          onProgress: (p) => {
            last = p;
            void edit(progressText(update.title, p));
          },
        });
        const s = result.summary.byStatus;
        const nothingNew = !result.stopped && s.sent === before.byStatus.sent && before.total > 0;
        const outcome = result.unreachable
          ? "⏸ Interrompue : Telegram est resté injoignable trop longtemps. Relancez /publier pour reprendre (rien ne sera envoyé en double)."
          : result.stopped
            ? "⏸ Interrompue (arrêt du bot) : relancez /publier pour reprendre."
            : nothingNew
              ? `Déjà publiée : ${s.sent} abonné(s) l’avaient reçue, et il n’y a pas de nouvel abonné à servir. Rien de nouveau n’est parti.`
              : `✅ Terminée en ${(result.durationMs / 1000).toFixed(1)} s (inconnus : ${s.unknown}).`;
        await edit(progressText(update.title, last, outcome), true);
      } catch (error) {
        ctx.logger.error({ err: error, update: id }, "publish failed");
        await edit(progressText(update.title, last, `❌ ${escapeHtml((error as Error).message)}`), true);
      }
    });
    if (!started) await edit(`<b>Publication :</b> ${escapeHtml(update.title)}\nDéjà en cours : rien ne sera envoyé en double.`, true);
  });
  return feature;
}
