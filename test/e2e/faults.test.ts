/**
 * The fault suite: the real bot process against the loopback fake Bot API,
 * under every fault the issue names, with the figures printed (delivered /
 * lost / doubled). Bounded: the 60-second outages run side by side, each
 * with its own fake and bot, and every wait has a deadline.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Api } from "grammy";
import { afterAll, describe, expect, it } from "vitest";
import { broadcast } from "../../src/broadcast/broadcaster.ts";
import type { Source } from "../../src/engine/knowledge/types.ts";
import { createLogger } from "../../src/logger.ts";
import { SqliteStore } from "../../src/store/sqlite-store.ts";
import { telegramClientOptions } from "../../src/telegram/client-options.ts";
import { startFakeBotApi, type Fault, type FakeBotApi, type OutageKind } from "../support/fake-bot-api.ts";
import { seededRandom } from "../support/prng.ts";
import { ROOT, startBot, type BotProcess } from "./bot-process.ts";
import { expectNoTokenInOutput, shutdown, sleep, TOKEN } from "./helpers.ts";

const QUESTION = "Qui a conduit la délégation ?";
const OUTAGE_MS = 60_000;
/** Answers must go out within this of the network coming back. */
const RECOVERY_MS = 5_000;

const figures: string[] = [];
const dirs: string[] = [];
const processes: BotProcess[] = [];
const fakes: FakeBotApi[] = [];

afterAll(async () => {
  for (const p of processes) await shutdown(p);
  for (const f of fakes) await f.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  console.log(`\nFault suite figures\n${figures.map((f) => `  ${f}`).join("\n")}\n`);
}, 30_000);

async function fakeApi(): Promise<FakeBotApi> {
  const fake = await startFakeBotApi({ token: TOKEN });
  fakes.push(fake);
  return fake;
}

async function launch(fake: FakeBotApi, dataDir: string): Promise<BotProcess> {
  const bot = startBot({ BOT_TOKEN: TOKEN, BOT_API_ROOT: fake.apiRoot }, { direct: true, dataDir });
  processes.push(bot);
  await bot.waitForLog((l) => l["msg"] === "polling started", 20_000);
  return bot;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "visite-faults-"));
  dirs.push(dir);
  return dir;
}

/** Every byte the faulty run left in DATA_DIR (databases, their logs): the token is in none. */
function expectNoTokenIn(dir: string): void {
  const secret = TOKEN.split(":")[1] as string;
  const files = readdirSync(dir);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) expect(readFileSync(join(dir, file)).includes(secret), file).toBe(false);
}

/** Answers delivered per chat (acted on by the fake, whether or not the bot saw the reply). */
function tally(fake: FakeBotApi, chats: number[]): { delivered: number; lost: number[]; doubled: number[] } {
  const lost: number[] = [];
  const doubled: number[] = [];
  let delivered = 0;
  for (const chat of chats) {
    const n = fake.deliveredTo(chat).length;
    if (n === 0) lost.push(chat);
    else delivered++;
    if (n > 1) doubled.push(chat);
  }
  return { delivered, lost, doubled };
}

const waitUntil = async (predicate: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!predicate() && Date.now() < deadline) await sleep(50);
  return predicate();
};

describe("fault suite", () => {
  it("one fault on one answer, each kind: the answer arrives once, or is reported unknown when it may have arrived", async () => {
    const fake = await fakeApi();
    const dataDir = tempDir();
    const bot = await launch(fake, dataDir);
    const cases: Array<[string, Fault, number]> = [
      ["reset before the body", { kind: "reset" }, 1],
      ["silent server (3 s hang)", { kind: "hang", ms: 3000 }, 1],
      ["slow to accept (2 s)", { kind: "delay", ms: 2000 }, 1],
      ["429 retry_after 1", { kind: "error", code: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 }, 1],
      ["500", { kind: "error", code: 500, description: "Internal Server Error" }, 1],
      ["502 three times", { kind: "error", code: 502, description: "Bad Gateway" }, 3],
      ["delivered, answer lost", { kind: "drop-response" }, 1],
      ["delivered, answer late (2 s)", { kind: "slow-response", ms: 2000 }, 1],
      ["request lost after its body", { kind: "drop" }, 1],
    ];
    const results: string[] = [];
    let chat = 8000;
    for (const [label, fault, times] of cases) {
      const id = ++chat;
      fake.injectFault("sendMessage", fault, times);
      const update = fake.sendText({ chatId: id, text: QUESTION });
      // Settled: delivered, or the bot logged that the answer's fate is unknown.
      await waitUntil(
        () => fake.deliveredTo(id).length > 0 || bot.logs().some((l) => l["update_id"] === update.update_id && l["msg"] === "update handled"),
        20_000,
      );
      await sleep(300);
      const n = fake.deliveredTo(id).length;
      results.push(`${label}: ${n === 1 ? "delivered once" : n === 0 ? "not delivered (at most once: it had left)" : `DOUBLED ×${n}`}`);
      expect(n, label).toBeLessThanOrEqual(1);
      // Only a request whose body left and whose answer never came may end undelivered.
      if (fault.kind !== "drop") expect(n, label).toBe(1);
    }
    figures.push(`single faults on sendMessage: ${results.join("; ")}`);
    // No apology was sent after an answer whose fate was unknown (it would repeat itself on every fault).
    expect(fake.calls.filter((c) => c.method === "sendMessage" && String(c.payload["text"]).includes("Désolé"))).toEqual([]);
    expectNoTokenInOutput(bot);
    expectNoTokenIn(dataDir);
  }, 120_000);

  const outages: OutageKind[] = ["refuse", "reset", "hang", "429", "500"];
  it.concurrent.each(outages)(
    "a 60 s outage (%s): no answer lost or doubled, all out within 5 s of the network returning",
    async (kind) => {
      const fake = await fakeApi();
      const dataDir = tempDir();
      const bot = await launch(fake, dataDir);
      const before = Array.from({ length: 10 }, (_, i) => 10_000 + i);
      const during = Array.from({ length: 20 }, (_, i) => 10_100 + i);
      // Questions just before: in flight when the network goes.
      for (const chat of before) fake.sendText({ chatId: chat, text: QUESTION });
      const outage = fake.outage(kind, OUTAGE_MS);
      await sleep(3000);
      for (const chat of during) fake.sendText({ chatId: chat, text: QUESTION });
      await outage;
      const back = Date.now();
      const everyone = [...before, ...during];
      await waitUntil(() => everyone.every((c) => fake.deliveredTo(c).length > 0), 20_000);
      await sleep(500);
      const { delivered, lost, doubled } = tally(fake, everyone);
      const after = everyone.flatMap((c) => fake.deliveredTo(c).map((call) => call.at - back)).filter((ms) => ms >= 0);
      const slowest = after.length > 0 ? Math.max(...after) : 0;
      figures.push(`60 s outage "${kind}": ${delivered}/${everyone.length} delivered, ${lost.length} lost, ${doubled.length} doubled; last answer ${(slowest / 1000).toFixed(1)} s after the network returned`);
      expect(lost).toEqual([]);
      expect(doubled).toEqual([]);
      expect(slowest).toBeLessThanOrEqual(RECOVERY_MS);
      expect(bot.child.exitCode).toBeNull();
      expectNoTokenInOutput(bot);
      expectNoTokenIn(dataDir);
    },
    OUTAGE_MS + 60_000,
  );

  it.concurrent(
    "kill -9 with 50 updates in flight: after a restart none is lost, none doubled",
    async () => {
      const fake = await fakeApi();
      const dataDir = tempDir();
      const first = await launch(fake, dataDir);
      // Half of the answers wait at the door (not yet accepted: nothing delivered), half are delivered but unanswered.
      fake.injectFault("sendMessage", { kind: "delay", ms: 4000 }, 25);
      fake.injectFault("sendMessage", { kind: "slow-response", ms: 4000 }, 25);
      const chats = Array.from({ length: 50 }, (_, i) => 20_000 + i);
      let last = 0;
      for (const chat of chats) last = fake.sendText({ chatId: chat, text: QUESTION }).update_id;
      // The runner has confirmed every update to Telegram (a later offset), and the answers are on their way.
      expect(await waitUntil(() => fake.acknowledgedOffset > last, 10_000)).toBe(true);
      await sleep(1000);
      expect(fake.deliveredTo(chats[0] as number).length + fake.deliveredTo(chats[49] as number).length).toBeLessThanOrEqual(1);
      first.child.kill("SIGKILL");
      await first.exited;
      const second = await launch(fake, dataDir);
      await waitUntil(() => chats.every((c) => fake.deliveredTo(c).length > 0), 20_000);
      await sleep(5000); // the slow answers of the killed process, had anything resent them, would have landed by now
      const { delivered, lost, doubled } = tally(fake, chats);
      const replayed = second.logs().find((l) => String(l["msg"]).startsWith("updates left unfinished"));
      figures.push(`kill -9 with 50 in flight: ${delivered}/50 delivered, ${lost.length} lost, ${doubled.length} doubled (restart replayed ${String(replayed?.["replayed"] ?? 0)}, ${String(replayed?.["reply_in_flight"] ?? 0)} replies had left)`);
      expect(lost).toEqual([]);
      expect(doubled).toEqual([]);
      expectNoTokenIn(dataDir);
    },
    90_000,
  );

  it.concurrent(
    "a broadcast with 2 % of responses lost: no duplicate, every lost response reported unknown",
    async () => {
      const fake = await fakeApi();
      const dir = tempDir();
      const store = SqliteStore.open(dir);
      const ids = Array.from({ length: 1000 }, (_, i) => i + 1);
      store.insertSubscribersForTesting(ids, new Date());
      fake.faultRate("sendMessage", { kind: "drop-response" }, 0.02, seededRandom(2025));
      const update: Source = {
        id: "essai-2025-09-01",
        kind: "update",
        title: "Essai",
        outlet: "Rédaction",
        author: "Rédaction",
        date: "2025-09-01",
        file: "updates/essai-2025-09-01.md",
        paragraphs: [{ number: 1, text: "Mise à jour d’essai.", isBoilerplate: false }],
      };
      const logger = createLogger({ level: "silent", secrets: [TOKEN] });
      const result = await broadcast({ store, sender: new Api(TOKEN, telegramClientOptions(fake.apiRoot)), update, ratePerSecond: 500, owner: "faults:1", isOwnerAlive: () => true, logger });
      await store.close();
      const dropped = fake.allCalls.filter((c) => c.method === "sendMessage" && c.fault?.kind === "drop-response").length;
      const { doubled, lost } = tally(fake, ids);
      figures.push(`broadcast to 1,000 with 2 % of responses lost: ${dropped} responses lost, reported unknown ${result.summary.byStatus.unknown}, sent ${result.summary.byStatus.sent}, duplicates ${doubled.length}, undelivered ${lost.length}`);
      expect(dropped).toBeGreaterThan(5);
      expect(doubled).toEqual([]);
      expect(lost).toEqual([]);
      expect(result.summary.byStatus.unknown).toBe(dropped);
      expect(result.summary.byStatus.sent).toBe(ids.length - dropped);
      expectNoTokenIn(dir);
    },
    60_000,
  );

  it.concurrent(
    "100,000 fuzzed lines through ask --json: no crash, one line out per line in, garbage never answered",
    async () => {
      const { lines, garbage } = fuzzLines(100_000, seededRandom(42));
      const output = await askJson(lines);
      const answers = output.split("\n");
      expect(answers.pop()).toBe("");
      expect(answers).toHaveLength(lines.length);
      let crashes = 0;
      const answeredGarbage: string[] = [];
      for (const [i, line] of answers.entries()) {
        const parsed = JSON.parse(line) as { answered: boolean; error?: string };
        if (parsed.error !== undefined) crashes++;
        if (garbage.has(i) && parsed.answered) answeredGarbage.push(lines[i] as string);
      }
      figures.push(`ask --json fuzz: ${lines.length.toLocaleString("en")} lines in, ${answers.length.toLocaleString("en")} out, ${crashes} engine errors, ${garbage.size.toLocaleString("en")} garbage lines, ${answeredGarbage.length} of them answered`);
      expect(crashes).toBe(0);
      expect(answeredGarbage.slice(0, 20)).toEqual([]);
    },
    120_000,
  );
});

function askJson(lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/ask.ts", "--json"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`ask exited ${code}: ${Buffer.concat(err).toString().slice(0, 500)}`));
      else resolve(Buffer.concat(out).toString("utf8"));
    });
    child.stdin.end(`${lines.join("\n")}\n`);
  });
}

/** Hostile and odd inputs; `garbage` holds the indexes of lines that ask nothing and must never be answered. */
function fuzzLines(count: number, random: () => number): { lines: string[]; garbage: Set<number> } {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const int = (n: number) => Math.floor(random() * n);
  const GARBAGE = [
    // ("constructor" is left out: two edits from "construction", it reads as a typo of a word of the article.)
    "__proto__", "prototype", "toString", "hasOwnProperty", "valueOf", "undefined", "null", "NaN", "true", "false", "None", "nil",
    "[object Object]", "' OR '1'='1", "\" OR 1=1 --", "'; DROP TABLE users; --", "${7*7}", "{{7*7}}", "<%= 7*7 %>", "() => {}", "a[0]=1", "x || y",
    "0", "1", "3", "60", "2025", "-1", "1.00", "1/2", "1E2", "0x1F", "$1.00", "1e309", "Infinity", "1;2;3", "=1+1", "@@@", "###", "!!!", "???", "…", "«»",
  ];
  const ODD = ["\u0000", "\u200B", "\u202E", "\uFEFF", "\uD800", "\uDFFF", "\u2028", "\u2029", "\r", "\t", "😀", "🇲🇱", "ﬁ", "é", "e\u0301", "Ω", "ß", "İ", "Кто", "من", "谁"];
  const REAL = [
    "Qui a conduit la délégation ?", "combien de personnes", "c ki le chef", "Rosatom fait quoi", "quand sont ils arrivés", "la base à l'aéroport",
    "l'uranium", "les FAMa", "Niamey", "commission intergouvernementale", "Tsivilev", "Kamaz", "or et uranium", "le mémorandum avec le Niger",
  ];
  const lines: string[] = [];
  const garbage = new Set<number>();
  for (let i = 0; i < count; i++) {
    const kind = int(5);
    let line: string;
    if (kind === 0) {
      // Pure garbage, padded with spaces, punctuation or repeated.
      line = Array.from({ length: 1 + int(3) }, () => pick(GARBAGE)).join(pick([" ", "", "  ", " ? "]));
      garbage.add(i);
    } else if (kind === 1) {
      // Digits and symbols only.
      line = Array.from({ length: 1 + int(12) }, () => pick([..."0123456789+-*/=<>()[]{};:,.!?#$%&|^~_@'\""])).join("");
      garbage.add(i);
    } else if (kind === 2) {
      // A real question with random odd characters inserted, cut or repeated.
      const base = pick(REAL);
      const at = int(base.length);
      line = base.slice(0, at) + pick(ODD).repeat(1 + int(3)) + base.slice(at + int(3));
    } else if (kind === 3) {
      // Random code points of every plane.
      line = Array.from({ length: 1 + int(30) }, () => String.fromCodePoint(int(0x2ffff))).join("");
    } else {
      // Long or repeated words.
      line = pick(REAL).repeat(1 + int(80)).slice(0, 200 + int(1500));
    }
    // A line of the protocol is what lies between two "\n": strip those the generator may have made.
    lines.push(line.replace(/\n/g, " "));
  }
  return { lines, garbage };
}
