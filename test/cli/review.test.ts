import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine/engine.ts";
import { loadKnowledge } from "../../src/engine/knowledge/load.ts";
import { SqliteStore } from "../../src/store/sqlite-store.ts";
import { testEngine } from "../bot/helpers.ts";
import { seedQuestionLog } from "../support/question-log-seed.ts";

const ROOT = resolve(import.meta.dirname, "../..");
let work: string;
let dataDir: string;
let knowledgeDir: string;

function run(script: "review" | "report", args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", `src/cli/${script}.ts`, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", fail);
    child.on("close", (code) => ok({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "visite-review-cli-"));
  dataDir = join(work, "data");
  knowledgeDir = join(work, "knowledge");
  cpSync(resolve(ROOT, "knowledge"), knowledgeDir, { recursive: true });
  const store = SqliteStore.open(dataDir);
  await seedQuestionLog(store, testEngine(), 14, Date.now());
  await store.close();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("npm run review", () => {
  it("prints the questions to review of the last 7 days, grouped, with the nearest entry and the commands to fix them", async () => {
    const { code, stdout } = await run("review", []);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Questions to review over the last 7 day\(s\): \d+ group\(s\)/);
    // The two spellings are one group: one is its title, the other listed under it.
    expect(stdout).toMatch(/\d+\. quel est le SALAIRE de tsivilev .*\n\s+also: Quel est le salaire de Tsivilev \?|\d+\. Quel est le salaire de Tsivilev \? .*\n\s+also: quel est le SALAIRE de tsivilev/);
    expect(stdout).toContain("nearest entry: chef-delegation");
    expect(stdout).toContain("npm run review -- add-phrasing chef-delegation 'Le big boss russe c'\\''était qui ?'");
  });

  it("--json gives the groups to scripts; --days widens the period", async () => {
    const week = JSON.parse((await run("review", ["--json"])).stdout) as { groups: Array<{ count: number; questions: string[] }> };
    const fortnight = JSON.parse((await run("review", ["--json", "--days", "14"])).stdout) as typeof week;
    const total = (r: typeof week) => r.groups.reduce((s, g) => s + g.count, 0);
    expect(week.groups.length).toBeGreaterThan(1);
    expect(total(fortnight)).toBeGreaterThan(total(week));
    expect((await run("review", ["--days", "zéro"])).code).toBe(1);
  });

  it("add-phrasing edits the knowledge copy, keeps its comments, and the engine answers the question after", async () => {
    const file = join(knowledgeDir, "faq.yaml");
    const comments = (text: string) => text.split("\n").filter((l) => l.trimStart().startsWith("#"));
    const before = readFileSync(file, "utf8");
    const { code, stdout } = await run("review", ["add-phrasing", "chef-delegation", "Le big boss russe c'était qui ?"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Knowledge check passed");
    const after = readFileSync(file, "utf8");
    expect(comments(after)).toEqual(comments(before));
    expect(after.split("\n").length).toBe(before.split("\n").length + 1);
    expect(createEngine(loadKnowledge(knowledgeDir)).ask("Le big boss russe c'était qui ?").match?.id).toBe("chef-delegation");
    // The group is done with: the review no longer shows it.
    expect((await run("review", [])).stdout).not.toContain("big boss");
    // The repository's own knowledge is untouched.
    expect(readFileSync(resolve(ROOT, "knowledge/faq.yaml"), "utf8")).not.toContain("big boss");
  });

  it("add-not-in-sources records a curated refusal; an unknown entry is an error that says so", async () => {
    const ok = await run("review", ["add-not-in-sources", "Quel est le salaire de Tsivilev ?"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("refus préparé");
    const answer = createEngine(loadKnowledge(knowledgeDir)).ask("Quel est le salaire de Tsivilev ?");
    expect(answer.status).toBe("unanswerable");
    expect(answer.match?.id).toMatch(/^non-couvert-/);
    const bad = await run("review", ["add-phrasing", "pas-une-entree", "Qui ?"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("pas-une-entree");
  });
});

describe("npm run report", () => {
  it("writes one HTML file and says where", async () => {
    const out = join(work, "rapport.html");
    const { code, stdout } = await run("report", ["--days", "14", "--out", out]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Report written: ${out}`);
    expect(existsSync(out)).toBe(true);
    const html = readFileSync(out, "utf8");
    expect(html).toContain('<svg id="chart-per-day"');
    expect(html).not.toMatch(/<script|<link|https?:\/\//);
    expect((await run("report", ["--days", "-3"])).code).toBe(1);
  });
});
