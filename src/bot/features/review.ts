import { createHash } from "node:crypto";
import { Composer, InlineKeyboard } from "grammy";
import type { Engine } from "../../engine/engine.ts";
import type { ReloadResult } from "../../engine/live-engine.ts";
import { addNotInSources, addPhrasing, type EditResult } from "../../review/faq-editor.ts";
import { reviewGroups, type ReviewGroup } from "../../review/review.ts";
import type { QuestionLog } from "../../store/types.ts";
import type { BotContext } from "../context.ts";
import { buttonLabel, escapeHtml } from "../render.ts";
import { sendHtml } from "../reply.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** One message per group: a phone screen shows a handful; /revue again shows the next ones once these are done. */
const GROUPS_SHOWN = 5;
export const REVIEW_PATTERN = /^rv:([pni]):([0-9a-f]{8})$/;

export interface ReviewDeps {
  adminIds: number[];
  log: QuestionLog;
  engine: Engine;
  knowledgeDir: string;
  /** Reads the knowledge again after an edit, so that the bot answers the new phrasing at once. */
  reloadKnowledge?: (reason?: string) => ReloadResult;
  /** QUESTION_LOG=off: nothing is logged, so /revue says so rather than "nothing to review". */
  logEnabled?: boolean;
  days?: number;
  now?: () => number;
}

/**
 * What a button names: a short hash of the group's key. The group is found again from the log when the button is
 * pressed, so that a press works on any instance (behind a load balancer) and after a restart, and a group
 * already handled is recognised as such.
 */
const tokenOf = (group: ReviewGroup) => createHash("sha1").update(group.key).digest("hex").slice(0, 8);

/** What a group shown for review says: the question, how often and why it is here, the nearest entry. */
export function reviewGroupHtml(group: ReviewGroup, rank: number): string {
  const why = [
    group.refused ? `${group.refused} refusée(s)` : "",
    group.unsure ? `${group.unsure} incertaine(s)` : "",
    group.downvoted ? `${group.downvoted} 👎` : "",
  ].filter(Boolean);
  const lines = [`<b>${rank}.</b> « ${escapeHtml(group.questions[0] ?? "")} »`, `${group.count} fois, par ${group.askers} personne(s) — ${why.join(", ")}`];
  const others = group.questions.slice(1, 3);
  if (others.length) lines.push(`Aussi : ${others.map((q) => `« ${escapeHtml(q)} »`).join(", ")}`);
  if (group.nearest) {
    const kind = group.nearest.unanswered ? " (refus préparé)" : "";
    lines.push(`Entrée la plus proche${kind} : <code>${escapeHtml(group.nearest.id)}</code> — « ${escapeHtml(group.nearest.question)} » (${Math.round(group.nearest.score * 100)} %)`);
  } else {
    lines.push("Aucune entrée proche dans la FAQ.");
  }
  return lines.join("\n");
}

/** Where a "not in the sources" question goes: the nearest curated refusal, else a new one under the nearest entry's topic. */
function notInSourcesTarget(engine: Engine, group: ReviewGroup): { entryId?: string; topic?: string } {
  if (!group.nearest) return {};
  if (group.nearest.unanswered) return { entryId: group.nearest.id };
  const topic = engine.faqById(group.nearest.id)?.topic;
  return topic ? { topic } : {};
}

/**
 * /revue, for ADMIN_IDS only: the most asked questions of the last days that the bot refused, was unsure of, or
 * answered with a 👎, one message each, with buttons to add the question as a phrasing of the nearest entry, to
 * record it as not answered by the sources, or to ignore it. An edit goes to faq.yaml (comments kept, knowledge
 * checked, undone if the check fails) and the knowledge is reloaded: the bot answers the new phrasing at once.
 */
export function reviewFeature(deps: ReviewDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const now = deps.now ?? Date.now;
  const isAdmin = (ctx: BotContext) => ctx.from !== undefined && deps.adminIds.includes(ctx.from.id);
  const days = deps.days ?? 7;
  const currentGroups = async () => reviewGroups(await deps.log.questionsSince(new Date(now() - days * DAY_MS)), deps.engine, await deps.log.reviewDecisions());

  feature.command(["revue", "review"], async (ctx) => {
    if (!isAdmin(ctx)) {
      ctx.logger.warn({ user_id: ctx.from?.id }, "review refused: not an admin");
      await sendHtml(ctx, "Cette commande est réservée aux administrateurs du bot.");
      return;
    }
    if (ctx.chat?.type !== "private") {
      await sendHtml(ctx, "La revue montre ce que les gens demandent : elle ne se fait qu’en message privé avec le bot.");
      return;
    }
    if (deps.logEnabled === false) {
      await sendHtml(ctx, "Le journal des questions est désactivé (<code>QUESTION_LOG=off</code>) : il n’y a rien à revoir. Mettez <code>QUESTION_LOG=on</code> et redémarrez le bot pour l’activer.");
      return;
    }
    const groups = await currentGroups();
    ctx.logger.info({ groups: groups.length }, "review shown");
    if (groups.length === 0) {
      await sendHtml(ctx, `Rien à revoir sur les ${days} derniers jours : aucune question refusée, incertaine ou notée 👎.`);
      return;
    }
    const shown = groups.slice(0, GROUPS_SHOWN);
    await sendHtml(ctx, `<b>Revue des questions</b> (${days} derniers jours) : ${groups.length} groupe(s) à revoir, les ${shown.length} plus demandés ci-dessous.`);
    for (const [i, group] of shown.entries()) {
      const token = tokenOf(group);
      const keyboard = new InlineKeyboard();
      if (group.nearest && !group.nearest.unanswered) keyboard.text(buttonLabel(`➕ Formulation de « ${group.nearest.question} »`), `rv:p:${token}`).row();
      keyboard.text("🚫 Les sources ne le disent pas", `rv:n:${token}`).row();
      keyboard.text("🙈 Ignorer", `rv:i:${token}`);
      await sendHtml(ctx, reviewGroupHtml(group, i + 1), { keyboard });
    }
  });

  feature.callbackQuery(REVIEW_PATTERN, async (ctx) => {
    if (!isAdmin(ctx)) {
      ctx.logger.warn({ user_id: ctx.from.id }, "review action refused: not an admin");
      await ctx.answerCallbackQuery({ text: "Réservé aux administrateurs du bot.", show_alert: true });
      return;
    }
    const action = ctx.match[1] as "p" | "n" | "i";
    const group = (await currentGroups()).find((g) => tokenOf(g) === ctx.match[2]);
    if (!group) {
      await ctx.answerCallbackQuery({ text: "Ce groupe n’est plus à revoir (déjà traité, ignoré ou trop ancien) : relancez /revue.", show_alert: true });
      return;
    }
    const question = group.questions[0] ?? "";
    let outcome: string;
    if (action === "i") {
      await deps.log.ignoreInReview(group.key, new Date(now()));
      outcome = "🙈 Ignorée : ce groupe ne reviendra plus dans la revue.";
    } else {
      const result: EditResult =
        action === "p"
          ? group.nearest
            ? addPhrasing(deps.knowledgeDir, group.nearest.id, question)
            : { ok: false, problem: "aucune entrée proche" }
          : addNotInSources(deps.knowledgeDir, question, notInSourcesTarget(deps.engine, group));
      if (!result.ok) {
        ctx.logger.warn({ action, problem: result.problem }, "review edit refused");
        await ctx.answerCallbackQuery({ text: "Rien n’a été modifié : voir le message." });
        await sendHtml(ctx, `Rien n’a été modifié dans faq.yaml :\n<pre>${escapeHtml(result.problem.slice(0, 1500))}</pre>`);
        return;
      }
      await deps.log.markReviewed(group.key, new Date(now()));
      const reloaded = deps.reloadKnowledge?.("/revue");
      ctx.logger.info({ action, entry: result.entryId, reloaded: reloaded?.ok }, "review edit");
      const answer = deps.engine.ask(question);
      const verdict = answer.answered ? "répond maintenant" : answer.status === "unanswerable" ? "refuse maintenant, comme prévu," : `donne maintenant « ${answer.status} »`;
      outcome = `✅ ${escapeHtml(result.change)}.\nLe bot ${verdict} à « ${escapeHtml(question)} ».`;
      if (reloaded && !reloaded.ok) outcome += `\n⚠️ Rechargement impossible : <pre>${escapeHtml(reloaded.error.slice(0, 1000))}</pre>`;
    }
    await ctx.answerCallbackQuery({ text: "C’est fait." });
    await ctx
      .editMessageText(`${reviewGroupHtml(group, 0).replace(/^<b>0\.<\/b> /, "")}\n\n${outcome}`, { parse_mode: "HTML" })
      .catch(() => sendHtml(ctx, outcome));
  });
  return feature;
}
