/**
 * Bot benchmark in separate processes (`npm run bench:bot`): the real bot as production runs it (compiled,
 * `node dist/main.js`, SQLite in a temp DATA_DIR, question log on, JSON logs) beside the fair minimal peer
 * (bench/peer/minimal-bot.mjs: grammY + runner + sequentialize, MiniSearch BM25, an HTML blockquote reply, one
 * pino line per update), each polling its own fake Bot API on 127.0.0.1 run by this process.
 *
 * Measured per process from /proc: RSS once started and idle, CPU time (user + system) per update over a paced
 * load, peak RSS; the two take turns over several rounds (median kept), so noise hits both alike.
 *
 * Aims: bot idle RSS ≤ 100 MB; bot CPU per update ≤ 1.3× the peer's.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startFakeBotApi, type FakeBotApi } from "../test/support/fake-bot-api.ts";
import { driveLoad } from "./lib/load.ts";
import { tuningQuestions } from "./lib/questions.ts";
import { fmt, fmtRatio, ratio } from "./lib/stats.ts";
import { shuffled } from "./lib/synthetic.ts";
import { note, printTable } from "./lib/table.ts";

const ROOT = resolve(import.meta.dirname, "..");
const TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789";
const ROUNDS = 3;
const UPDATES = 2000;
const CHATS = 200;
const RATE = 200;
const IDLE_MS = 3000;
const TICKS_PER_SECOND = 100; // Linux USER_HZ
const questions = shuffled(tuningQuestions(), 11);

interface Contender {
  name: string;
  command: string[];
  env: Record<string, string>;
}

function procStat(pid: number): { cpuMs: number; rssMb: number; peakMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the line)
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cpuMs: (ticks * 1000) / TICKS_PER_SECOND, rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

interface RoundResult {
  idleRssMb: number;
  startCpuMs: number;
  cpuPerUpdateMs: number;
  peakMb: number;
  afterLoadRssMb: number;
  p50: number;
  p99: number;
  unanswered: number;
}

async function waitForLine(child: ChildProcess, text: string, timeoutMs: number): Promise<void> {
  return new Promise((ok, fail) => {
    let buffer = "";
    const timer = setTimeout(() => fail(new Error(`"${text}" not seen within ${timeoutMs} ms:\n${buffer.slice(-2000)}`)), timeoutMs);
    child.stdout?.on("data", (c: Buffer) => {
      buffer += c.toString();
      if (buffer.includes(text)) {
        clearTimeout(timer);
        ok();
      }
      if (buffer.length > 100_000) buffer = buffer.slice(-10_000);
    });
  });
}

async function runOnce(contender: Contender, round: number): Promise<RoundResult> {
  const fake: FakeBotApi = await startFakeBotApi({ token: TOKEN });
  const dataDir = mkdtempSync(join(tmpdir(), "bench-proc-"));
  const [command, ...args] = contender.command as [string, ...string[]];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", BOT_TOKEN: TOKEN, BOT_API_ROOT: fake.apiRoot, DATA_DIR: dataDir, LOG_LEVEL: "info", ...contender.env },
    stdio: ["ignore", "pipe", "ignore"],
  });
  try {
    await waitForLine(child, "polling started", 30_000);
    const pid = child.pid as number;
    const started = procStat(pid);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const idle = procStat(pid);
    // Drain stdout from here on without keeping it (the logs cost the process the same either way).
    child.stdout?.removeAllListeners("data");
    child.stdout?.resume();
    const before = procStat(pid);
    const load = await driveLoad(fake, { texts: questions, count: UPDATES, chats: CHATS, firstChatId: 5_000_000 + round * 10_000, match: "order", ratePerSecond: RATE });
    const after = procStat(pid);
    return {
      idleRssMb: idle.rssMb,
      startCpuMs: started.cpuMs,
      cpuPerUpdateMs: (after.cpuMs - before.cpuMs) / UPDATES,
      peakMb: after.peakMb,
      afterLoadRssMb: after.rssMb,
      p50: load.latency.p50,
      p99: load.latency.p99,
      unanswered: load.unanswered,
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] as number;

async function main(): Promise<void> {
  console.log("# Bot benchmark (separate processes)");
  console.log(`node ${process.version}; ${UPDATES} questions over ${CHATS} chats at ${RATE}/s per round, ${ROUNDS} rounds, the two taking turns; idle = ${IDLE_MS / 1000} s after "polling started"`);
  const contenders: Contender[] = [
    // The bot as the production image runs it (Dockerfile CMD), and as `node dist/main.js` with V8's defaults.
    { name: "bot (as in the image)", command: [process.execPath, "--max-semi-space-size=2", "dist/main.js"], env: { FLOOD_LIMIT: "1000000", MALLOC_ARENA_MAX: "2" } },
    { name: "bot (node defaults)", command: [process.execPath, "dist/main.js"], env: { FLOOD_LIMIT: "1000000" } },
    { name: "minimal peer (grammY + MiniSearch + pino)", command: [process.execPath, "bench/peer/minimal-bot.mjs"], env: {} },
  ];
  const results = new Map<string, RoundResult[]>(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of contenders) {
      const r = await runOnce(c, round);
      results.get(c.name)?.push(r);
      console.log(`  round ${round + 1}, ${c.name}: idle RSS ${fmt(r.idleRssMb, 0)} MB, CPU ${fmt(r.cpuPerUpdateMs, 3)} ms/update, peak ${fmt(r.peakMb, 0)} MB`);
    }
  }
  const summary = (name: string) => {
    const rs = results.get(name) ?? [];
    const m = (f: (r: RoundResult) => number) => median(rs.map(f));
    return { idle: m((r) => r.idleRssMb), start: m((r) => r.startCpuMs), cpu: m((r) => r.cpuPerUpdateMs), peak: m((r) => r.peakMb), after: m((r) => r.afterLoadRssMb), p50: m((r) => r.p50), p99: m((r) => r.p99), unanswered: rs.reduce((s, r) => s + r.unanswered, 0) };
  };
  const summaries = contenders.map((c) => summary(c.name));
  const bot = summaries[0] as ReturnType<typeof summary>;
  const peer = summaries.at(-1) as ReturnType<typeof summary>;
  printTable(
    "Per process (median of the rounds)",
    ["system", "CPU to start ms", "idle RSS MB", "CPU ms / update", "RSS after load MB", "peak RSS MB", "reply p50 ms", "reply p99 ms", "unanswered"],
    contenders.map((c, i) => {
      const s = summaries[i] as ReturnType<typeof summary>;
      return [c.name, fmt(s.start, 0), fmt(s.idle, 0), fmt(s.cpu, 3), fmt(s.after, 0), fmt(s.peak, 0), fmt(s.p50, 1), fmt(s.p99, 1), String(s.unanswered)];
    }),
  );
  const cpuRatio = ratio(bot.cpu, peer.cpu);
  printTable(
    "Aims",
    ["measure", "bot", "peer", "ratio", "aim", "met"],
    [
      ["idle RSS MB", fmt(bot.idle, 0), fmt(peer.idle, 0), fmtRatio(ratio(bot.idle, peer.idle)), "bot ≤ 100 MB", bot.idle <= 100 ? "yes" : "NO"],
      ["CPU ms per update", fmt(bot.cpu, 3), fmt(peer.cpu, 3), fmtRatio(cpuRatio), "≤ 1.3×", cpuRatio <= 1.3 ? "yes" : "NO"],
    ],
  );
  note("CPU = user + system time of the process from /proc (10 ms ticks) over the load, divided by the updates; it includes polling, parsing, the engine or MiniSearch, the store, the reply and the logs");
  note("the bot also writes the question log (SQLite) and the update journal for every update; the peer has no store at all");
}

await main();
