// The fair minimal peer of `npm run bench:bot` (plain JavaScript, run by node directly like the compiled bot):
// grammY with the runner and sequentialize (in order per chat), a MiniSearch BM25 index over the article's
// paragraphs, an HTML reply quoting the best paragraph in a <blockquote> with its citation, and one pino line
// per update. What a minimal bot doing the same job would cost, nothing more.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { join } from "node:path";
import { run, sequentialize } from "@grammyjs/runner";
import { Bot } from "grammy";
import MiniSearch from "minisearch";
import pino from "pino";

const root = process.env.KNOWLEDGE_DIR ?? "knowledge";
const text = readFileSync(join(root, "sources", "info-matin-2025-07-28.txt"), "utf8");
const paragraphs = text.split(/\n\s*\n/).map((t, i) => ({ id: i + 1, text: t.trim() })).filter((p) => p.text.length > 40);
const fold = (s) => s.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
const index = new MiniSearch({ fields: ["text"], storeFields: ["text"], processTerm: (t) => (t.length > 2 ? fold(t) : null) });
index.addAll(paragraphs);
const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const logger = pino({ level: "info" });

const bot = new Bot(process.env.BOT_TOKEN, { client: { apiRoot: process.env.BOT_API_ROOT } });
bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
bot.on("message:text", async (ctx) => {
  const started = performance.now();
  const best = index.search(ctx.message.text, { fuzzy: 0.2, prefix: true })[0];
  const html = best ? `<blockquote>${escape(best.text)}</blockquote>\n— Info Matin, §${best.id}` : "Je ne trouve pas cela dans l’article.";
  await ctx.reply(html, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
  logger.info({ update_id: ctx.update.update_id, latency_ms: Math.round((performance.now() - started) * 10) / 10 }, "update handled");
});
await bot.init();
run(bot);
logger.info("polling started");
const stop = () => process.exit(0);
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
