/**
 * Broadcast benchmark (`npm run bench:broadcast`).
 *
 * (a) 10,000 subscribers, fake Bot API limited to 1,000 sends/s: the real
 *     publisher (outbox, lease, rate limiter) at ratePerSecond 1000 against a
 *     naive loop (await sendMessage for each subscriber, no store, no pacing),
 *     both in this process: achieved rate, 429s, peak RSS, exactly-once.
 * (b) 1,000,000 subscribers in SQLite: bulk insert time, paging through them
 *     all with pageActive(after, 5000) with RSS before/after (it must stay
 *     flat), and what a broadcast's outbox costs at that size.
 *
 * (c) Telegram's own rates: BROADCAST_RATE 1, 5, 10, 20, 25 and 30 against a fake API that enforces exactly
 *     that limit, on SQLite and on PostgreSQL (a throw-away server, test/support/postgres.ts): achieved rate,
 *     429s, exactly-once.
 *
 * Aims: (a) achieved rate ≥ 0.9 × the limit; (c) ≥ 0.95 of BROADCAST_RATE; no 429, every subscriber exactly once.
 */
import { telegramClientOptions } from "../src/telegram/client-options.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Api, GrammyError } from "grammy";
import { createPublisher } from "../src/broadcast/publisher.ts";
import { renderUpdateHtml } from "../src/broadcast/render-update.ts";
import type { BroadcastResult } from "../src/broadcast/broadcaster.ts";
import { createLogger } from "../src/logger.ts";
import { SqliteStore } from "../src/store/sqlite-store.ts";
import { PgStore } from "../src/store/pg-store.ts";
import type { SubscriptionStore } from "../src/store/types.ts";
import { startTestPostgres } from "../test/support/postgres.ts";
import { startFakeBotApi, type FakeBotApi } from "../test/support/fake-bot-api.ts";
import { forceGc, RssSampler, rssMb } from "./lib/memory.ts";
import { realKnowledge } from "./lib/questions.ts";
import { fmt, fmtInt, fmtMs, fmtRatio, nowMs, ratio, summarize, timed, timedAsync } from "./lib/stats.ts";
import { FrenchNewsGenerator } from "./lib/synthetic.ts";
import { heading, note, printTable } from "./lib/table.ts";

const TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789";
const SUBSCRIBERS = 10_000;
const LIMIT = 1000;
const AIM = 0.9;
const BIG = 1_000_000;
const BATCH = 50_000;
const PAGE = 5000;
const CLAIM = 200;

const logger = createLogger({ level: "silent", secrets: [TOKEN] });
const tempDirs: string[] = [];
function tempStore(): SqliteStore {
  const dir = mkdtempSync(join(tmpdir(), "bench-broadcast-"));
  tempDirs.push(dir);
  return new SqliteStore(join(dir, "bot.sqlite"));
}

const ids = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

interface Delivery {
  /** Successful sendMessage calls per chat. */
  perChat: Map<number, number>;
  firstAt: number;
  lastAt: number;
}

function deliveries(fake: FakeBotApi): Delivery {
  const perChat = new Map<number, number>();
  let firstAt = Infinity;
  let lastAt = -Infinity;
  for (const call of fake.calls) {
    if (call.method !== "sendMessage") continue;
    const chat = Number(call.payload["chat_id"]);
    perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
    firstAt = Math.min(firstAt, call.at);
    lastAt = Math.max(lastAt, call.at);
  }
  return { perChat, firstAt, lastAt };
}

function exactlyOnce(d: Delivery, chats: number[]): { missing: number; duplicated: number; strangers: number } {
  const expected = new Set(chats);
  let missing = 0;
  let duplicated = 0;
  for (const chat of chats) {
    const n = d.perChat.get(chat) ?? 0;
    if (n === 0) missing++;
    else if (n > 1) duplicated++;
  }
  const strangers = [...d.perChat.keys()].filter((c) => !expected.has(c)).length;
  return { missing, duplicated, strangers };
}

interface SendRun {
  name: string;
  wallMs: number;
  delivered: number;
  attempts: number;
  tooMany: number;
  otherErrors: number;
  sendWindowMs: number;
  peakRssMb: number;
  check: { missing: number; duplicated: number; strangers: number };
  result?: BroadcastResult;
}

async function runPublisher(html: string, chats: number[], update: ReturnType<FrenchNewsGenerator["update"]>): Promise<SendRun> {
  const fake = await startFakeBotApi({ token: TOKEN, rateLimit: { perSecond: LIMIT } });
  const store = tempStore();
  try {
    store.insertSubscribersForTesting(chats, new Date());
    const base = realKnowledge();
    const publisher = createPublisher({
      store,
      sender: new Api(TOKEN, telegramClientOptions(fake.apiRoot)),
      knowledge: () => ({ ...base, sources: [...base.sources, update] }),
      ratePerSecond: LIMIT,
      logger,
    });
    if (renderUpdateHtml(publisher.find(update.id)) !== html) throw new Error("rendered update differs from the baseline's message");
    forceGc();
    const sampler = new RssSampler(100).start();
    const run = await timedAsync(() => publisher.publish(update.id));
    const peakRssMb = sampler.stop();
    const d = deliveries(fake);
    return {
      name: "publisher (outbox + rate limiter)",
      wallMs: run.ms,
      delivered: run.value.summary.byStatus.sent,
      attempts: fake.allCalls.filter((c) => c.method === "sendMessage").length,
      tooMany: fake.stats.tooManyRequests,
      otherErrors: fake.stats.errors,
      sendWindowMs: d.lastAt - d.firstAt,
      peakRssMb,
      check: exactlyOnce(d, chats),
      result: run.value,
    };
  } finally {
    await store.close();
    await fake.close();
  }
}

async function runNaive(html: string, chats: number[]): Promise<SendRun> {
  const fake = await startFakeBotApi({ token: TOKEN, rateLimit: { perSecond: LIMIT } });
  try {
    const api = new Api(TOKEN, { apiRoot: fake.apiRoot });
    let delivered = 0;
    let otherErrors = 0;
    forceGc();
    const sampler = new RssSampler(100).start();
    const run = await timedAsync(async () => {
      for (const chat of chats) {
        try {
          await api.sendMessage(chat, html, { parse_mode: "HTML", link_preview_options: { is_disabled: false } });
          delivered++;
        } catch (error) {
          if (!(error instanceof GrammyError && error.error_code === 429)) otherErrors++;
        }
      }
    });
    const peakRssMb = sampler.stop();
    const d = deliveries(fake);
    return {
      name: "naive loop (await sendMessage each)",
      wallMs: run.ms,
      delivered,
      attempts: fake.allCalls.filter((c) => c.method === "sendMessage").length,
      tooMany: fake.stats.tooManyRequests,
      otherErrors,
      sendWindowMs: d.lastAt - d.firstAt,
      peakRssMb,
      check: exactlyOnce(d, chats),
    };
  } finally {
    await fake.close();
  }
}

async function partA(): Promise<void> {
  heading(`(a) broadcast to ${fmtInt(SUBSCRIBERS)} subscribers, fake Bot API limited to ${fmtInt(LIMIT)} sends/s`);
  const update = new FrenchNewsGenerator(realKnowledge(), 99).update("bench-update", 3, 3);
  const html = renderUpdateHtml(update);
  console.log(`  message: ${fmtInt(html.length)} characters of HTML`);
  const chats = ids(1, SUBSCRIBERS);
  const publisher = await runPublisher(html, chats, update);
  console.log(`  publisher done in ${fmtMs(publisher.wallMs)} ms`);
  const naive = await runNaive(html, chats);
  console.log(`  naive loop done in ${fmtMs(naive.wallMs)} ms`);

  const rate = (r: SendRun) => (r.delivered / r.wallMs) * 1000;
  printTable(
    "Sending",
    ["system", "delivered", "sendMessage calls", "429s", "other errors", "wall ms", "delivered/s (wall)", "attempts/s (send window)", "÷ limit (wall)", "peak RSS MB", "missing", "duplicated"],
    [publisher, naive].map((r) => [
      r.name,
      fmtInt(r.delivered),
      fmtInt(r.attempts),
      fmtInt(r.tooMany),
      fmtInt(r.otherErrors),
      fmtInt(r.wallMs),
      fmt(rate(r), 0),
      fmt((r.attempts / Math.max(1, r.sendWindowMs)) * 1000, 0),
      fmtRatio(rate(r) / LIMIT),
      fmt(r.peakRssMb, 0),
      fmtInt(r.check.missing),
      fmtInt(r.check.duplicated),
    ]),
  );
  const s = publisher.result?.summary.byStatus;
  if (s) note(`publisher outbox: sent ${s.sent}, failed ${s.failed}, deactivated ${s.deactivated}, skipped ${s.skipped}, unknown ${s.unknown}, pending ${s.pending}; broadcast() own duration ${fmtInt(publisher.result?.durationMs ?? 0)} ms`);
  note("wall = from publish() / the first send to the end (includes enqueueing the outbox); send window = first to last sendMessage seen by the fake");
  note("the naive loop drops a message on 429 (no retry): missing = subscribers it never reached");
  note("RSS sampled every 100 ms; the fake Bot API runs in this process");

  const achieved = ratio(rate(publisher), LIMIT);
  const once = publisher.check.missing === 0 && publisher.check.duplicated === 0 && publisher.check.strangers === 0;
  printTable(
    "Publisher against the aim and the naive loop",
    ["measure", "publisher", "naive loop", "aim", "aim met"],
    [
      ["achieved rate ÷ limit", fmtRatio(achieved), fmtRatio(ratio(rate(naive), LIMIT)), `≥ ${AIM}`, achieved >= AIM ? "yes" : "NO"],
      ["429 answers", fmtInt(publisher.tooMany), fmtInt(naive.tooMany), "0", publisher.tooMany === 0 ? "yes" : "NO"],
      ["exactly once (missing / duplicated)", `${publisher.check.missing} / ${publisher.check.duplicated}`, `${naive.check.missing} / ${naive.check.duplicated}`, "0 / 0", once ? "yes" : "NO"],
      ["delivered/s publisher ÷ naive", fmtRatio(ratio(rate(publisher), rate(naive))), "", "", ""],
    ],
  );
}

async function partB(): Promise<void> {
  heading(`(b) ${fmtInt(BIG)} subscribers in SQLite`);
  const store = tempStore();
  try {
    const now = new Date();
    const insert = timed(() => {
      for (let from = 1; from <= BIG; from += BATCH) store.insertSubscribersForTesting(ids(from, Math.min(BATCH, BIG - from + 1)), now);
    });
    console.log(`  inserted in ${fmtMs(insert.ms)} ms`);

    forceGc();
    const rssBefore = rssMb();
    const sampler = new RssSampler(100).start();
    const pageTimes: number[] = [];
    let seen = 0;
    let after = 0;
    let ordered = true;
    const paging = await timedAsync(async () => {
      for (;;) {
        const t0 = nowMs();
        const page = await store.pageActive(after, PAGE);
        pageTimes.push(nowMs() - t0);
        if (page.length === 0) break;
        for (const s of page) {
          if (s.chatId <= after) ordered = false;
          after = s.chatId;
        }
        seen += page.length;
      }
    });
    const peak = sampler.stop();
    forceGc();
    const rssAfter = rssMb();
    const pages = summarize(pageTimes);

    // What publishing to all of them costs in the outbox: enqueueing once, then claiming pages of 200.
    const enqueue = await timedAsync(() => store.enqueueActiveSubscribers("bench-1m", now));
    // The page the broadcaster asks for next: pendingPage (row-by-row claims) when the store has it, else claimPending.
    type PageFn = (updateId: string, limit: number) => Promise<Array<{ chatId: number }>>;
    const paged = store as unknown as { pendingPage?: PageFn; claimPending?: PageFn };
    const pageMethod = typeof paged.pendingPage === "function" ? "pendingPage" : "claimPending";
    const nextPage = (paged[pageMethod] as PageFn).bind(store);
    const claims: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = nowMs();
      const rows = await nextPage("bench-1m", CLAIM);
      claims.push(nowMs() - t0);
      for (const r of rows) await store.finish("bench-1m", r.chatId, "sent", now);
    }
    const claim = summarize(claims);

    printTable(
      `${fmtInt(BIG)} subscribers`,
      ["step", "time ms", "per item", "RSS before MB", "RSS peak MB", "RSS after MB", "check"],
      [
        [`insert (insertSubscribersForTesting, batches of ${fmtInt(BATCH)})`, fmtInt(insert.ms), `${fmt((insert.ms * 1000) / BIG, 2)} µs/row`, "", "", "", `${fmt((BIG / insert.ms) * 1000, 0)} rows/s`],
        [
          `page through (pageActive(after, ${fmtInt(PAGE)}))`,
          fmtInt(paging.ms),
          `${fmtMs(pages.p50)} ms/page p50, ${fmtMs(pages.max)} max`,
          fmt(rssBefore, 0),
          fmt(peak, 0),
          fmt(rssAfter, 0),
          `${fmtInt(seen)} seen in ${pageTimes.length - 1} pages${ordered ? ", ordered" : ", NOT ordered"}${seen === BIG ? "" : " (MISSING ROWS)"}`,
        ],
        ["enqueue an update for all (enqueueActiveSubscribers)", fmtInt(enqueue.ms), `${fmt((enqueue.ms * 1000) / BIG, 2)} µs/row`, "", "", "", `${fmtInt(enqueue.value)} outbox rows`],
        [`${pageMethod}(update, ${CLAIM}) with ~${fmtInt(BIG)} pending`, fmtMs(claim.p50), `p50 of ${claims.length}, max ${fmtMs(claim.max)}`, "", "", "", `≈ ${fmt((claim.p50 * (BIG / CLAIM)) / 2 / 60_000, 1)} min of claims over a whole broadcast`],
      ],
    );
    note(`memory while paging: peak − before = ${fmt(peak - rssBefore, 1)} MB, after − before = ${fmt(rssAfter - rssBefore, 1)} MB (flat means a few MB at most)`);
    note(`claim estimate: p50 × (subscribers ÷ ${CLAIM}) ÷ 2 (the pending set shrinks as the broadcast advances); each call blocks the event loop (synchronous SQLite)`);
  } finally {
    await store.close();
  }
}

const RATES = [1, 5, 10, 20, 25, 30];
const RATE_AIM = 0.95;
/** Seconds of sending per rate: long enough for the pace to show, short enough for six rates on two stores. */
const SECONDS_PER_RATE = 8;

interface RateRun {
  store: string;
  rate: number;
  subscribers: number;
  achieved: number;
  tooMany: number;
  missing: number;
  duplicated: number;
}

async function runAtRate(storeName: string, store: SubscriptionStore & { insertSubscribersForTesting(ids: number[], now: Date): void | Promise<void> }, rate: number): Promise<RateRun> {
  const fake = await startFakeBotApi({ token: TOKEN, rateLimit: { perSecond: rate } });
  try {
    const count = Math.max(4, rate * SECONDS_PER_RATE);
    const chats = ids(rate * 100_000, count);
    await store.insertSubscribersForTesting(chats, new Date());
    const base = realKnowledge();
    const update = new FrenchNewsGenerator(base, rate).update(`rate-${rate}`, 2, 2);
    const publisher = createPublisher({
      store,
      sender: new Api(TOKEN, telegramClientOptions(fake.apiRoot)),
      knowledge: () => ({ ...base, sources: [...base.sources, update] }),
      ratePerSecond: rate,
      logger,
    });
    await publisher.publish(update.id);
    const d = deliveries(fake);
    const check = exactlyOnce(d, chats);
    const sends = [...d.perChat.values()].reduce((s, n) => s + n, 0);
    // Sends per second between the first and the last: n − 1 intervals.
    const achieved = sends > 1 ? ((sends - 1) / Math.max(1, d.lastAt - d.firstAt)) * 1000 : Number.NaN;
    return { store: storeName, rate, subscribers: count, achieved, tooMany: fake.stats.tooManyRequests, missing: check.missing, duplicated: check.duplicated };
  } finally {
    await fake.close();
  }
}

async function partC(): Promise<void> {
  heading(`(c) BROADCAST_RATE ${RATES.join(", ")} against a fake API enforcing exactly that limit, SQLite and PostgreSQL`);
  const runs: RateRun[] = [];
  const pgServer = await startTestPostgres();
  try {
    for (const rate of RATES) {
      const sqlite = tempStore();
      try {
        runs.push(await runAtRate("SQLite", sqlite, rate));
      } finally {
        await sqlite.close();
      }
      const pg = await PgStore.connect(await pgServer.createDatabase());
      try {
        runs.push(await runAtRate("PostgreSQL", pg, rate));
      } finally {
        await pg.close();
      }
      console.log(`  rate ${rate}: ${runs.slice(-2).map((r) => `${r.store} ${fmt(r.achieved, 2)}/s, ${r.tooMany} × 429`).join("; ")}`);
    }
  } finally {
    await pgServer.stop();
  }
  printTable(
    "Achieved rate against BROADCAST_RATE (the fake allows exactly BROADCAST_RATE per second)",
    ["store", "BROADCAST_RATE", "subscribers", "achieved/s", "÷ rate", "429s", "missing / duplicated", `aim ≥ ${RATE_AIM}, 0 × 429`],
    runs.map((r) => [
      r.store,
      String(r.rate),
      fmtInt(r.subscribers),
      fmt(r.achieved, 2),
      fmtRatio(r.achieved / r.rate),
      fmtInt(r.tooMany),
      `${r.missing} / ${r.duplicated}`,
      r.achieved / r.rate >= RATE_AIM && r.tooMany === 0 && r.missing === 0 && r.duplicated === 0 ? "yes" : "NO",
    ]),
  );
  note("achieved = (sends − 1) ÷ (last send − first send), as the fake saw them; on PostgreSQL every send also takes a slot of the schedule shared by instances (run at 0.96 of the rate)");
}

async function main(): Promise<void> {
  const started = nowMs();
  console.log("# Broadcast benchmark");
  console.log(`node ${process.version}; fake Bot API on 127.0.0.1 in this process; SQLite stores in ${tmpdir()}`);
  try {
    const only = process.argv.includes("--rates");
    if (!only) {
      await partA();
      await partB();
    }
    await partC();
  } finally {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\ntotal ${fmt((nowMs() - started) / 1000, 1)} s, final RSS ${fmt(rssMb(), 0)} MB`);
}

await main();
