import { Composer, type Filter } from "grammy";
import type { Engine } from "../../engine/engine.ts";
import { ASK_PATTERN } from "../callback-data.ts";
import type { BotContext } from "../context.ts";
import type { ConversationMemory } from "../conversation-memory.ts";
import type { FloodGuard } from "../middleware/flood-guard.ts";
import type { QuestionLogger } from "../question-logger.ts";
import { sendAnswer, sendHtml, withTyping } from "../reply.ts";

const FLOOD_NOTICE =
  "Vous posez beaucoup de questions à la suite : je fais une courte pause avant de vous répondre à nouveau. Réessayez dans une trentaine de secondes.";

type TextMessageContext = Filter<BotContext, "message:text">;

/** Whether a group message is addressed to the bot: it mentions it, or replies to one of its messages. */
export function isAddressedToBot(ctx: TextMessageContext): boolean {
  const { text, entities = [], reply_to_message: replyTo } = ctx.message;
  const username = ctx.me.username.toLowerCase();
  const mentioned = entities.some((e) => e.type === "mention" && text.slice(e.offset + 1, e.offset + e.length).toLowerCase() === username);
  return mentioned || replyTo?.from?.id === ctx.me.id;
}

/** The text without "@username" mentions of this bot (any case). */
export function withoutMention(text: string, username: string): string {
  const escaped = username.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return text.replace(new RegExp(`@${escaped}\\b`, "gi"), " ").replace(/\s+/g, " ").trim();
}

/**
 * Questions: any text in a private chat; in groups only when the bot is
 * mentioned, replied to, or asked through /question. Suggestion buttons
 * ("Vouliez-vous dire…") answer the question they show.
 */
export function questionsFeature(engine: Engine, flood: FloodGuard, typingDelayMs: number, memory?: ConversationMemory, questionLog?: QuestionLogger): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const conversationOf = (ctx: BotContext) => (memory && ctx.chat ? memory.keyFor(ctx.chat.id, ctx.from?.id, ctx.chat.type) : undefined);

  async function answer(ctx: BotContext, rawQuestion: string, replyTo?: number) {
    // "@visite_bot Qui …" is a question to the bot in any chat: the mention is not part of it.
    const question = withoutMention(rawQuestion, ctx.me.username);
    const conversation = conversationOf(ctx);
    const context = conversation ? await memory?.recall(conversation) : undefined;
    const reply = engine.ask(question, context ? { context } : {});
    // Only typed questions count toward the flood limit: small talk ("merci", "salam") never starves a question.
    const userId = ctx.from?.id;
    if (userId !== undefined && reply.status !== "smalltalk") {
      const verdict = flood.check(userId);
      if (verdict === "ignore") {
        ctx.logger.info("flood: question ignored");
        return;
      }
      if (verdict === "notify") {
        ctx.logger.info("flood: notice sent");
        await sendHtml(ctx, FLOOD_NOTICE, replyTo ? { replyTo } : {});
        return;
      }
    }
    if (conversation && reply.subject) memory?.remember(conversation, reply.subject);
    // Small talk is no question to learn from; everything else addressed to the bot is logged (never who asked).
    const loggedId = reply.status !== "smalltalk" ? questionLog?.record(question, reply, "chat", userId) : undefined;
    await withTyping(ctx, typingDelayMs, () => sendAnswer(ctx, engine, reply, replyTo, loggedId));
  }

  feature.command("question", async (ctx) => {
    const question = ctx.match.trim();
    const inGroup = ctx.chat.type !== "private";
    if (!question) {
      await sendHtml(ctx, "Écrivez votre question après la commande, par exemple : <code>/question Qui a conduit la délégation ?</code>", inGroup ? { replyTo: ctx.message?.message_id ?? 0 } : {});
      return;
    }
    await answer(ctx, question, inGroup ? ctx.message?.message_id : undefined);
  });

  feature.callbackQuery(ASK_PATTERN, async (ctx) => {
    const reply = engine.answerEntry(ctx.match[1] as string);
    if (!reply) {
      await ctx.answerCallbackQuery({ text: "Cette question n’est plus disponible. Tapez /faq pour la liste à jour." });
      return;
    }
    await ctx.answerCallbackQuery();
    // Which suggestion was pressed after which question: what the review learns "Vouliez-vous dire…" from.
    const offeredFor = ctx.match[2];
    if (offeredFor) questionLog?.pressed(offeredFor, ctx.match[1] as string);
    // A button press is not a typed question: it never counts toward the flood limit (Telegram paces presses).
    const conversation = conversationOf(ctx);
    if (conversation && reply.subject) memory?.remember(conversation, reply.subject);
    await sendAnswer(ctx, engine, reply);
  });

  // Commands nobody handled fall through to the catch-all; only plain text is a question.
  const text = feature.on("message:text").filter((ctx) => !ctx.message.text.startsWith("/"));
  text.chatType("private").use((ctx) => answer(ctx, ctx.message.text));
  text.chatType(["group", "supergroup"]).use(async (ctx, next) => {
    if (!isAddressedToBot(ctx)) return next(); // not for us: stay silent
    await answer(ctx, ctx.message.text, ctx.message.message_id); // answer() removes the mention
  });
  return feature;
}
