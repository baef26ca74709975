/**
 * Bot benchmark (`npm run bench:bot`): the real bot (createBot + runner, real
 * engine, SQLite store, silent logger) against a bare grammY echo bot, both
 * polling the same kind of fake Bot API on 127.0.0.1, in this process.
 *
 * Each bot gets its own fresh fake and a warm-up, then, the bots taking turns:
 *   - burst (3 rounds, median kept): all updates pushed at once: throughput (first push → last reply);
 *   - paced: updates pushed at a steady rate below capacity: latency without a backlog.
 *
 * Aim: throughput bot / echo ≥ 0.8.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "@grammyjs/runner";
import { Bot } from "grammy";
import { createBot } from "../src/bot/create-bot.ts";
import type { Answer } from "../src/engine/answer.ts";
import { createEngine, type Engine } from "../src/engine/engine.ts";
import { createLogger } from "../src/logger.ts";
import { SqliteStore } from "../src/store/sqlite-store.ts";
import { startFakeBotApi, type FakeBotApi } from "../test/support/fake-bot-api.ts";
import { driveLoad, type LoadResult } from "./lib/load.ts";
import { rssMb } from "./lib/memory.ts";
import { realKnowledge, tuningQuestions } from "./lib/questions.ts";
import { fmt, fmtInt, fmtMs, fmtRatio, nowMs, ratio } from "./lib/stats.ts";
import { shuffled } from "./lib/synthetic.ts";
import { note, printTable } from "./lib/table.ts";

const TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789";
const UPDATES = 2000;
const CHATS = 200;
const WARMUP = 300;
const PACED_RATE = 200;
const PACED_UPDATES = 1000;
const AIM = 0.8;
const ROUNDS = 3;

interface Contender {
  name: string;
  /** Diagnostic contenders run the burst only and explain the gap; they are not part of the ratio. */
  diagnostic?: boolean;
  /** Starts the bot against the fake; returns how to stop it. */
  start(fake: FakeBotApi): Promise<() => Promise<void>>;
  match: "order" | "text";
}

const questions = shuffled(tuningQuestions(), 7);
const engine = createEngine(realKnowledge());

/** The same engine with answers computed once per question: the bot's cost without the engine's. */
function memoized(inner: Engine): Engine {
  const answers = new Map<string, Answer>();
  return {
    ...inner,
    ask(question) {
      let answer = answers.get(question);
      if (!answer) answers.set(question, (answer = inner.ask(question)));
      return structuredClone(answer);
    },
  };
}

function botContender(name: string, botEngine: Engine, diagnostic = false): Contender {
  return { name, match: "order", diagnostic, start: (fake) => startRealBot(fake, botEngine) };
}

async function startRealBot(fake: FakeBotApi, botEngine: Engine): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), "bench-bot-"));
  const store = new SqliteStore(join(dir, "bot.sqlite"));
  const bot = createBot({
    config: { BOT_TOKEN: TOKEN, BOT_API_ROOT: fake.apiRoot, FLOOD_LIMIT: 1_000_000, FLOOD_WINDOW_SECONDS: 30, ADMIN_IDS: [] },
    logger: createLogger({ level: "silent", secrets: [TOKEN] }),
    engine: botEngine,
    store,
    botInfo: fake.botInfo,
  });
  const handle = run(bot);
  return async () => {
    await handle.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
}

function echoContender(name: string, typing: boolean, diagnostic = false): Contender {
  return {
    name,
    match: "text",
    diagnostic,
    async start(fake) {
      const bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot }, botInfo: fake.botInfo });
      if (typing) {
        bot.on("message:text", async (ctx) => {
          ctx.replyWithChatAction("typing").catch(() => undefined);
          await ctx.reply(ctx.message.text);
        });
      } else {
        bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
      }
      const handle = run(bot);
      return () => handle.stop();
    },
  };
}

const realBot = botContender("bot (createBot)", engine);
const echoBot = echoContender("echo (bare grammY)", false);
const diagnostics = [botContender("bot, engine answers memoized", memoized(engine), true)];

interface Running {
  contender: Contender;
  fake: FakeBotApi;
  stop: () => Promise<void>;
  bursts: LoadResult[];
  paced?: LoadResult;
}

/** The burst whose throughput is the median of the rounds. */
function medianBurst(r: Running): LoadResult {
  const sorted = [...r.bursts].sort((a, b) => a.updatesPerSecond - b.updatesPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)] as LoadResult;
}

async function main(): Promise<void> {
  const started = nowMs();
  console.log("# Bot benchmark");
  console.log(
    `node ${process.version}; fake Bot API on 127.0.0.1 (no rate limit, same process, one fresh fake per bot); ${fmtInt(UPDATES)} private-chat questions over ${CHATS} chats (tuning questions) per burst; warm-up ${WARMUP} updates per bot; ${ROUNDS} rounds, bots taking turns`,
  );
  const running: Running[] = [];
  try {
    for (const contender of [realBot, echoBot, ...diagnostics]) {
      const fake = await startFakeBotApi({ token: TOKEN });
      const stop = await contender.start(fake);
      running.push({ contender, fake, stop, bursts: [] });
      // Warm-up (also proves the runner is polling): its own chats, not measured.
      await driveLoad(fake, { texts: questions, count: WARMUP, chats: 50, firstChatId: 1_000_000, match: contender.match });
    }
    // Rounds, the bots taking turns, so that noise from other processes on shared cores hits them alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const r of running) {
        const burst = await driveLoad(r.fake, { texts: questions, count: UPDATES, chats: CHATS, firstChatId: 2_000_000 + round * 10_000, match: r.contender.match });
        r.bursts.push(burst);
        console.log(`  round ${round + 1}, ${r.contender.name}: ${fmt(burst.updatesPerSecond, 0)} updates/s`);
      }
    }
    for (const r of running) {
      if (r.contender.diagnostic) continue;
      r.paced = await driveLoad(r.fake, {
        texts: questions,
        count: PACED_UPDATES,
        chats: CHATS,
        firstChatId: 3_000_000,
        match: r.contender.match,
        ratePerSecond: PACED_RATE,
      });
    }
  } finally {
    for (const r of running) {
      await r.stop();
      await r.fake.close();
    }
  }
  const [bot, echo, ...diagnosed] = running as [Running, Running, ...Running[]];
  const botPaced = bot.paced as LoadResult;
  const echoPaced = echo.paced as LoadResult;
  const botBurst = medianBurst(bot);
  const echoBurst = medianBurst(echo);

  const row = (r: Running, result: LoadResult, mode: string) => {
    const rates = r.bursts.map((b) => b.updatesPerSecond);
    const isBurst = !mode.startsWith("paced");
    return [
      r.contender.name,
      mode,
      fmtInt(result.replies),
      fmtInt(result.durationMs),
      fmt(result.updatesPerSecond, 0),
      isBurst ? `${fmt(Math.min(...rates), 0)}–${fmt(Math.max(...rates), 0)}` : "",
      fmtMs(result.latency.p50),
      fmtMs(result.latency.p90),
      fmtMs(result.latency.p99),
      fmtMs(result.latency.max),
      `${r.bursts.reduce((s, b) => s + b.unanswered, 0) + (r.paced?.unanswered ?? 0)}/${r.bursts.reduce((s, b) => s + b.unmatched, 0) + (r.paced?.unmatched ?? 0)}`,
      Object.entries(result.otherCalls)
        .map(([m, n]) => `${m} ${n}`)
        .join(", ") || "—",
    ];
  };
  printTable(
    "Throughput and update-to-reply latency",
    ["system", "mode", "replies", "duration ms", "updates/s", "range over rounds", "p50 ms", "p90 ms", "p99 ms", "max ms", "unanswered/unmatched (all runs)", "other calls"],
    [
      row(bot, botBurst, "burst (median round)"),
      row(echo, echoBurst, "burst (median round)"),
      row(bot, botPaced, `paced ${PACED_RATE}/s`),
      row(echo, echoPaced, `paced ${PACED_RATE}/s`),
      ...diagnosed.map((r) => row(r, medianBurst(r), "burst (diagnostic)")),
    ],
  );
  note(`burst: ${fmtInt(UPDATES)} updates pushed at once, so latency there is mostly queueing (p99 ≈ duration); paced: ${fmtInt(PACED_UPDATES)} updates at ${PACED_RATE}/s`);
  note("latency = time the fake received the reply (sendMessage) − time the update was pushed (ms clock); the fake runs in this process and shares its CPU");
  note("diagnostic row: the bot with its engine's answers memoized (the bot's cost without the engine)");
  note("the bot's FLOOD_LIMIT is raised to 1,000,000 so that every question is answered; its typing indicator only appears after 300 ms, so it makes no call here");
  note("the bot's replies are HTML (answer + quote + citation), which the fake API parses; the echo's are the plain question");

  const throughputRatio = ratio(botBurst.updatesPerSecond, echoBurst.updatesPerSecond);
  printTable(
    "Bot / echo",
    ["measure", "bot", "echo", "ratio bot/echo", "aim", "aim met"],
    [
      ["throughput, updates/s (burst, median round)", fmt(botBurst.updatesPerSecond, 0), fmt(echoBurst.updatesPerSecond, 0), fmtRatio(throughputRatio), `≥ ${AIM}`, throughputRatio >= AIM ? "yes" : "NO"],
      ["p50 latency ms (paced)", fmtMs(botPaced.latency.p50), fmtMs(echoPaced.latency.p50), fmtRatio(ratio(botPaced.latency.p50, echoPaced.latency.p50)), "—", "—"],
      ["p99 latency ms (paced)", fmtMs(botPaced.latency.p99), fmtMs(echoPaced.latency.p99), fmtRatio(ratio(botPaced.latency.p99, echoPaced.latency.p99)), "—", "—"],
    ],
  );
  console.log(`\ntotal ${fmt((nowMs() - started) / 1000, 1)} s, RSS ${fmt(rssMb(), 0)} MB`);
}

await main();
