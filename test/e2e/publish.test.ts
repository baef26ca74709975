/**
 * The real publish command (`npm run publish -- <id>`) as a child process,
 * against the loopback fake Bot API, with a DATA_DIR and a KNOWLEDGE_DIR of
 * its own (a copy of ./knowledge plus an update written here).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SqliteStore } from "../../src/store/sqlite-store.ts";
import { startFakeBotApi, type FakeBotApi } from "../support/fake-bot-api.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789";
const UPDATE_ID = "accord-energie-2025-07-29";
const SUMMARY = /^(Done|Stopped): sent (\d+), deactivated (\d+), failed (\d+), unknown (\d+), skipped (\d+), still pending (\d+); duration (\d+\.\d) s$/m;

let knowledgeDir: string;
const temp: string[] = [];
let fake: FakeBotApi;

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temp.push(dir);
  return dir;
}

beforeAll(() => {
  knowledgeDir = join(tempDir("visite-publish-knowledge-"), "knowledge");
  cpSync(join(ROOT, "knowledge"), knowledgeDir, { recursive: true });
  writeFileSync(
    join(knowledgeDir, "updates", `${UPDATE_ID}.md`),
    [
      "---",
      `id: ${UPDATE_ID}`,
      "date: 2025-07-29",
      'title: "Accord sur l’énergie signé à Bamako"',
      "outlet: Info Matin",
      "author: Rédaction",
      "url: https://www.example.org/accord",
      "---",
      "La délégation conduite par Sergei Tsivilev & les ministres maliens ont signé un accord.",
      "",
      "Les travaux commencent en 2026.",
      "",
    ].join("\n"),
  );
});

afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

beforeEach(async () => {
  fake = await startFakeBotApi({ token: TOKEN, rateLimit: { perSecond: 60 } });
});

afterEach(async () => {
  await fake.close();
});

/** A DATA_DIR with subscribers 1..n, written with the real store, then closed. */
function seededDataDir(n: number): { dataDir: string; ids: number[] } {
  const dataDir = tempDir("visite-publish-data-");
  const store = SqliteStore.open(dataDir);
  const ids = Array.from({ length: n }, (_, i) => 10_000 + i);
  store.insertSubscribersForTesting(ids, new Date("2025-07-28T10:00:00Z"));
  void store.close();
  return { dataDir, ids };
}

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function env(dataDir: string, rate: number, token = TOKEN): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    BOT_TOKEN: token,
    BOT_API_ROOT: fake.apiRoot,
    DATA_DIR: dataDir,
    KNOWLEDGE_DIR: knowledgeDir,
    BROADCAST_RATE: String(rate),
  };
}

function start(command: string, args: string[], dataDir: string, rate: number, token = TOKEN): Run {
  const child = spawn(command, args, { cwd: ROOT, env: env(dataDir, rate, token), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((ok) => child.once("exit", (code) => ok(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** `npm run --silent publish -- <args>`, as an operator types it. */
const npmPublish = (args: string[], dataDir: string, rate = 50) => start("npm", ["run", "--silent", "publish", "--", ...args], dataDir, rate);
/** The node process itself (so its pid is the publisher's, for signals). */
const nodePublish = (args: string[], dataDir: string, rate = 50, token = TOKEN) =>
  start(process.execPath, ["--import", "tsx", "src/cli/publish.ts", ...args], dataDir, rate, token);

async function finished(run: Run) {
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

function parseSummary(stdout: string) {
  const m = SUMMARY.exec(stdout);
  if (!m) throw new Error(`no summary line in:\n${stdout}`);
  const n = (i: number) => Number(m[i]);
  return { state: m[1], sent: n(2), deactivated: n(3), failed: n(4), unknown: n(5), skipped: n(6), pending: n(7), seconds: Number(m[8]) };
}

const sendCount = () => fake.calls.filter((c) => c.method === "sendMessage").length;

function copiesPerChat(): Map<number, number> {
  const counts = new Map<number, number>();
  for (const c of fake.calls) {
    if (c.method !== "sendMessage") continue;
    const id = Number(c.payload["chat_id"]);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

function outboxByStatus(dataDir: string, status: string): number[] {
  const db = new Database(join(dataDir, "bot.sqlite"), { readonly: true });
  try {
    return (db.prepare("SELECT chat_id FROM outbox WHERE update_id = ? AND status = ? ORDER BY chat_id").all(UPDATE_ID, status) as Array<{ chat_id: number }>).map((r) => r.chat_id);
  } finally {
    db.close();
  }
}

describe("npm run publish", () => {
  it("publishes to every subscriber once and prints a summary", async () => {
    const { dataDir, ids } = seededDataDir(80);
    fake.blockChat(10_005);
    const run = await finished(npmPublish([UPDATE_ID], dataDir, 50));

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Publishing "Accord sur l’énergie signé à Bamako" (${UPDATE_ID}) to 80 active subscriber(s) at 50 msg/s`);
    const summary = parseSummary(run.stdout);
    expect(summary).toMatchObject({ state: "Done", sent: 79, deactivated: 1, failed: 0, unknown: 0, skipped: 0, pending: 0 });
    // 79 sends at 50/s: at least 1.5 s.
    expect(summary.seconds).toBeGreaterThanOrEqual(1.5);
    const counts = copiesPerChat();
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.size).toBe(79);
    expect(ids.filter((id) => id !== 10_005 && !counts.has(id))).toEqual([]);
    const text = String(fake.calls.find((c) => c.method === "sendMessage")?.payload["text"]);
    expect(text).toContain("Accord sur l’énergie signé à Bamako");
    expect(text).toContain("Sergei Tsivilev &amp; les ministres");
    expect(fake.stats.tooManyRequests).toBe(0);
    // The token never appears in what the command prints.
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it("an unknown id exits with 1 and lists the known updates", async () => {
    const { dataDir } = seededDataDir(3);
    const run = await finished(npmPublish(["mise-a-jour-inexistante"], dataDir));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Unknown update "mise-a-jour-inexistante"');
    expect(run.stderr).toContain(UPDATE_ID);
    expect(run.stdout).toBe("");
    expect(sendCount()).toBe(0);
  });

  it("without an id, prints the usage and exits with 1", async () => {
    const { dataDir } = seededDataDir(1);
    const run = await finished(nodePublish([], dataDir));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Usage: npm run publish -- <update-id>/);
  });

  it("two publish commands at once: one is refused, no chat gets two copies", async () => {
    const { dataDir, ids } = seededDataDir(60);
    const [a, b] = await Promise.all([finished(nodePublish([UPDATE_ID], dataDir, 50)), finished(nodePublish([UPDATE_ID], dataDir, 50))]);
    const counts = copiesPerChat();
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    expect(counts.size).toBe(ids.length);
    const codes = [a.code, b.code].sort();
    // Either the second one found the lease taken (exit 1), or it started after the first finished (nothing left to send).
    if (codes[1] === 1) {
      expect(codes).toEqual([0, 1]);
      expect(a.stderr + b.stderr).toContain("is being published by another process right now; nothing was sent twice");
    } else {
      expect(codes).toEqual([0, 0]);
    }
  });

  it("Ctrl-C stops cleanly (exit 2) and the next run resumes with nothing unknown", async () => {
    const { dataDir, ids } = seededDataDir(120);
    const first = nodePublish([UPDATE_ID], dataDir, 50);
    await fake.waitFor(() => sendCount() >= 20, 20_000);
    first.child.kill("SIGINT");
    const stopped = await finished(first);
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toContain("Stopping after the messages in flight");
    const partial = parseSummary(stopped.stdout);
    expect(partial.state).toBe("Stopped");
    expect(partial.unknown).toBe(0);
    expect(partial.pending).toBeGreaterThan(0);

    const second = await finished(nodePublish([UPDATE_ID], dataDir, 50));
    expect(second.code).toBe(0);
    expect(parseSummary(second.stdout)).toMatchObject({ state: "Done", sent: ids.length, unknown: 0, pending: 0 });
    const counts = copiesPerChat();
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.size).toBe(ids.length);
  });

  // Regression test, was a bug (src/broadcast/broadcaster.ts classify + src/cli/publish.ts): with a wrong or revoked BOT_TOKEN every
  // sendMessage answers 401 Unauthorized, which classify() treats like a per-chat refusal ("failed"). The
  // command goes through the whole list, marks every subscriber failed, prints "Done" and exits 0; once the
  // token is fixed, running it again sends nothing, because failed rows are never retried: the update can
  // no longer reach anyone. Expected: stop at the first 401 (or check getMe first), exit non-zero, and
  // leave the rows pending. Same family: a 404 from a wrong BOT_API_ROOT.
  it("a wrong BOT_TOKEN stops the command without using up the broadcast", async () => {
    const { dataDir, ids } = seededDataDir(20);
    const wrong = await finished(nodePublish([UPDATE_ID], dataDir, 50, "654321:ZZZdefGHIjklMNOpqrSTUvwxYZ0123456789"));
    const fixed = await finished(nodePublish([UPDATE_ID], dataDir, 50));
    console.log(`wrong token run: exit ${wrong.code}, ${SUMMARY.exec(wrong.stdout)?.[0] ?? wrong.stderr.trim()}; fixed token run: ${SUMMARY.exec(fixed.stdout)?.[0]}`);
    expect(copiesPerChat().size).toBe(ids.length);
    expect(wrong.code).not.toBe(0);
  });

  describe("kill -9 in the middle, then run again", () => {
    const SUBSCRIBERS = 300;
    let dataDir = "";
    let ids: number[] = [];
    let resumed: ReturnType<typeof parseSummary>;
    let killedAfter = 0;
    let unknownIds: number[] = [];
    let copies = new Map<number, number>();
    let sendsBeforeThirdRun = 0;
    let third: Awaited<ReturnType<typeof finished>>;
    let thirdSummary: ReturnType<typeof parseSummary>;

    // The scenario runs once (the fake Bot API of this block lives through it), its facts are checked below.
    let scenarioFake: FakeBotApi;
    beforeAll(async () => {
      scenarioFake = await startFakeBotApi({ token: TOKEN, rateLimit: { perSecond: 60 } });
      const previous = fake;
      fake = scenarioFake;
      try {
        ({ dataDir, ids } = seededDataDir(SUBSCRIBERS));
        const first = nodePublish([UPDATE_ID], dataDir, 40);
        await fake.waitFor(() => sendCount() >= 60, 20_000);
        first.child.kill("SIGKILL");
        const killed = await finished(first);
        expect(killed.code).toBeNull();
        killedAfter = sendCount();

        const second = await finished(npmPublish([UPDATE_ID], dataDir, 40));
        expect(second.stderr.split("\n").filter((l) => l && !l.includes("previous run was interrupted"))).toEqual([]);
        expect(second.code).toBe(0);
        resumed = parseSummary(second.stdout);
        unknownIds = outboxByStatus(dataDir, "unknown");
        copies = copiesPerChat();
        console.log(`kill -9 after ${killedAfter} sends of ${SUBSCRIBERS}: resumed run reports unknown = ${resumed.unknown}, sent = ${resumed.sent}`);

        sendsBeforeThirdRun = sendCount();
        third = await finished(npmPublish([UPDATE_ID], dataDir, 40));
        thirdSummary = parseSummary(third.stdout);
      } finally {
        fake = previous;
      }
    }, 60_000);

    afterAll(async () => {
      await scenarioFake.close();
    });

    it("no chat received two copies", () => {
      expect([...copies].filter(([, n]) => n > 1)).toEqual([]);
    });

    it("every subscriber received exactly one copy or is reported unknown", () => {
      expect(resumed.state).toBe("Done");
      expect(resumed.pending).toBe(0);
      expect(resumed.failed).toBe(0);
      expect(resumed.unknown).toBe(unknownIds.length);
      expect(resumed.sent + resumed.unknown).toBe(SUBSCRIBERS);
      const unknown = new Set(unknownIds);
      const neither = ids.filter((id) => copies.get(id) !== 1 && !unknown.has(id));
      expect(neither).toEqual([]);
    });

    // Regression test, was a bug: the publisher claims a page of 200 rows as "sending" before sending them one at a time, so a
    // kill -9 leaves every claimed-but-not-yet-sent row in "sending" and the resumed run reports all of
    // them "unknown" and never delivers them (about 140 here), instead of the one call in flight that the
    // README describes. Reproduction: see the in-process test in test/broadcast/broadcaster.test.ts.
    it("only the message(s) in flight at the kill are unknown (at most a handful)", () => {
      expect(resumed.unknown).toBeLessThanOrEqual(3);
    });

    it("running it again after completion sends nothing", () => {
      expect(third.code).toBe(0);
      expect(scenarioFake.calls.filter((c) => c.method === "sendMessage").length).toBe(sendsBeforeThirdRun);
      expect(thirdSummary).toMatchObject({ state: "Done", sent: resumed.sent, unknown: resumed.unknown, pending: 0 });
    });
  });
});
