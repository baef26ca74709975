import { Composer, InlineKeyboard } from "grammy";
import type { SubscriptionStore } from "../../store/types.ts";
import type { BotContext } from "../context.ts";
import { frenchDateTime } from "../../common/french-date.ts";
import { sendHtml } from "../reply.ts";

const SUBSCRIBE_BUTTON = "sub:on";
const UNSUBSCRIBE_BUTTON = "sub:off";


/** In a group, only its administrators decide whether the group receives updates. */
async function mayManage(ctx: BotContext): Promise<boolean> {
  if (ctx.chat?.type === "private") return true;
  if (!ctx.from || !ctx.chat) return false;
  const member = await ctx.api.getChatMember(ctx.chat.id, ctx.from.id);
  return member.status === "creator" || member.status === "administrator";
}

/** /abonner, /desabonner (aliases /subscribe, /unsubscribe), /statut, their undo buttons, and chats that remove the bot. */
export function subscriptionsFeature(store: SubscriptionStore, now: () => number = Date.now): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const refuseNonAdmin = "Dans un groupe, seuls les administrateurs peuvent abonner ou désabonner le groupe.";

  const cannotCheck = "Je n’ai pas pu vérifier auprès de Telegram que vous administrez ce groupe. Réessayez dans un instant.";

  /** True when this user may change the chat's subscription; otherwise tells them why not (every press gets a reply). */
  async function allowed(ctx: BotContext, viaButton: boolean): Promise<boolean> {
    if (!ctx.chat) return false;
    let verdict: boolean | "unknown";
    try {
      verdict = await mayManage(ctx);
    } catch (error) {
      ctx.logger.warn({ err: error }, "membership check failed; the user is told to try again");
      verdict = "unknown";
    }
    if (verdict === true) return true;
    const text = verdict === "unknown" ? cannotCheck : refuseNonAdmin;
    if (viaButton) await ctx.answerCallbackQuery({ text, show_alert: true });
    else await sendHtml(ctx, text);
    return false;
  }

  async function subscribe(ctx: BotContext, viaButton: boolean) {
    if (!ctx.chat || !(await allowed(ctx, viaButton))) return;
    const { changed } = await store.subscribe(ctx.chat.id, ctx.chat.type, new Date(now()));
    if (viaButton) await ctx.answerCallbackQuery({ text: changed ? "Abonnement rétabli." : "Déjà abonné." });
    const who = ctx.chat.type === "private" ? "Vous êtes" : "Ce groupe est";
    await sendHtml(ctx, changed ? `✅ ${who} abonné aux nouvelles sur la visite de la délégation russe. Vous recevrez chaque mise à jour une seule fois.` : `${who} déjà abonné.`, {
      keyboard: new InlineKeyboard().text("Annuler l’abonnement", UNSUBSCRIBE_BUTTON),
    });
  }

  async function unsubscribe(ctx: BotContext, viaButton: boolean) {
    if (!ctx.chat || !(await allowed(ctx, viaButton))) return;
    const changed = await store.unsubscribe(ctx.chat.id, new Date(now()));
    if (viaButton) await ctx.answerCallbackQuery({ text: changed ? "Désabonnement effectué." : "Déjà désabonné." });
    await sendHtml(ctx, changed ? "Vous ne recevrez plus les nouvelles sur la visite." : "Il n’y avait pas d’abonnement actif ici.", {
      keyboard: new InlineKeyboard().text("Me réabonner", SUBSCRIBE_BUTTON),
    });
  }

  feature.command(["abonner", "subscribe"], (ctx) => subscribe(ctx, false));
  feature.command(["desabonner", "désabonner", "unsubscribe"], (ctx) => unsubscribe(ctx, false));
  feature.callbackQuery(SUBSCRIBE_BUTTON, (ctx) => subscribe(ctx, true));
  feature.callbackQuery(UNSUBSCRIBE_BUTTON, (ctx) => unsubscribe(ctx, true));

  feature.command("statut", async (ctx) => {
    const s = await store.getSubscriber(ctx.chat.id);
    let text: string;
    if (s?.active) text = `Abonné depuis le ${frenchDateTime(s.subscribedAt)}. /desabonner pour arrêter.`;
    else if (s?.deactivatedReason) text = "Pas abonné : la distribution s’était arrêtée car le bot ne pouvait plus vous écrire. /abonner pour reprendre.";
    else text = "Pas abonné. /abonner pour recevoir les nouvelles sur la visite.";
    await sendHtml(ctx, text);
  });

  // Telegram posts this in a group that became a supergroup: the subscription follows the new chat id.
  feature.on("message:migrate_to_chat_id", async (ctx) => {
    const moved = await store.migrateChat(ctx.chat.id, ctx.message.migrate_to_chat_id, new Date(now()));
    if (moved) ctx.logger.info({ new_chat_id: ctx.message.migrate_to_chat_id }, "group upgraded to a supergroup; subscription moved");
  });

  // The bot was blocked, kicked or removed: stop sending there (no error storm at the next broadcast).
  feature.on("my_chat_member", async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    if (status === "kicked" || status === "left") {
      await store.deactivate(ctx.chat.id, `bot ${status}`, new Date(now()));
      ctx.logger.info({ status }, "bot removed from chat; subscription deactivated");
    }
  });
  return feature;
}
