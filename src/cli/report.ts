/**
 * `npm run report`: writes the curators' report, one self-contained HTML file (charts as inline SVG, nothing
 * fetched from anywhere), for a period of the private question log (default 30 days).
 *
 *   npm run report -- [--days N] [--out file.html]
 */
import { join, resolve } from "node:path";
import { writeFileAtomically } from "../common/atomic-write.ts";
import { config as loadDotenv } from "dotenv";
import { KnowledgeError } from "../engine/knowledge/errors.ts";
import { LiveEngine } from "../engine/live-engine.ts";
import { buildReport, reportFigures } from "../report/report.ts";
import { openStore } from "../store/open-store.ts";
import { StoreError } from "../store/types.ts";
import { runCli } from "./run.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main(): Promise<number> {
  loadDotenv({ quiet: true });
  const args = process.argv.slice(2);
  const days = Number(option(args, "--days") ?? 30);
  if (!Number.isInteger(days) || days <= 0 || days > 366) {
    console.error("--days must be a whole number of days, from 1 to 366");
    return 1;
  }
  const dataDir = resolve(process.env["DATA_DIR"] ?? "./data");
  const to = new Date();
  const from = new Date(to.getTime() - (days - 1) * DAY_MS);
  const out = resolve(option(args, "--out") ?? join(dataDir, "reports", `rapport-${to.toISOString().slice(0, 10)}.html`));
  const engine = new LiveEngine(resolve(process.env["KNOWLEDGE_DIR"] ?? "knowledge"));
  const { store } = await openStore({ DATA_DIR: dataDir, DATABASE_URL: process.env["DATABASE_URL"] || undefined });
  try {
    const since = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
    const questions = await store.questionsSince(since);
    const input = { questions, from: since, to, engine, decisions: await store.reviewDecisions() };
    writeFileAtomically(out, buildReport(input));
    const f = reportFigures(input);
    console.log(`Report written: ${out}\n${f.total} question(s) over ${days} day(s): ${f.byOutcome.answered} answered, ${f.byOutcome.unsure} unsure, ${f.byOutcome.refused} refused; 👍 ${f.feedback.up} / 👎 ${f.feedback.down}.`);
    return 0;
  } finally {
    await store.close();
  }
}

runCli("report", main, [KnowledgeError, StoreError]);
