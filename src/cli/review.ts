/**
 * `npm run review`: the questions people asked that the bot refused, was unsure about, or answered and got a 👎
 * for, over a period (default 7 days), grouped by what they ask. `--json` for scripts.
 *
 *   npm run review -- [--days N] [--json]
 *   npm run review -- add-phrasing <entry-id> "<question>"
 *   npm run review -- add-not-in-sources "<question>" [--entry <unanswered-entry-id>] [--topic <topic-id>]
 */
import { resolve } from "node:path";
import { config as loadDotenv } from "dotenv";
import { KnowledgeError } from "../engine/knowledge/errors.ts";
import { LiveEngine } from "../engine/live-engine.ts";
import { addNotInSources, addPhrasing, type EditResult } from "../review/faq-editor.ts";
import { groupKey, reviewGroups } from "../review/review.ts";
import { openStore } from "../store/open-store.ts";
import { StoreError } from "../store/types.ts";
import { runCli } from "./run.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/** A question as one shell word: single quotes, with a quote inside written '\'' (French has many apostrophes). */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/**
 * Reports an edit; once it is made, the question's group is marked as fixed in the log, so that the review stops
 * showing the questions asked before (those asked after still show if the bot still fails them).
 */
async function report(result: EditResult, key: string): Promise<number> {
  if (!result.ok) {
    console.error(result.problem);
    return 1;
  }
  console.log(`${result.change}. Knowledge check passed; a running bot answers it at once (it watches the knowledge files).`);
  const { store } = await openStore({ DATA_DIR: dataDir(), DATABASE_URL: process.env["DATABASE_URL"] || undefined });
  try {
    await store.markReviewed(key, new Date());
  } finally {
    await store.close();
  }
  return 0;
}

const dataDir = () => process.env["DATA_DIR"] ?? "./data";

async function main(): Promise<number> {
  loadDotenv({ quiet: true });
  const args = process.argv.slice(2);
  const knowledgeDir = resolve(process.env["KNOWLEDGE_DIR"] ?? "knowledge");
  const [command] = args;
  // The group key is taken before the edit, with the engine the questions were grouped by.
  const keyOf = (question: string) => groupKey(new LiveEngine(knowledgeDir), question);
  if (command === "add-phrasing") {
    const [, entryId, question] = args;
    if (!entryId || !question) {
      console.error('Usage: npm run review -- add-phrasing <entry-id> "<question>"');
      return 1;
    }
    const key = keyOf(question);
    return report(addPhrasing(knowledgeDir, entryId, question), key);
  }
  if (command === "add-not-in-sources") {
    const question = args[1];
    if (!question) {
      console.error('Usage: npm run review -- add-not-in-sources "<question>" [--entry <unanswered-entry-id>] [--topic <topic-id>]');
      return 1;
    }
    const entryId = option(args, "--entry");
    const topic = option(args, "--topic");
    const key = keyOf(question);
    return report(addNotInSources(knowledgeDir, question, { ...(entryId ? { entryId } : {}), ...(topic ? { topic } : {}) }), key);
  }

  const days = Number(option(args, "--days") ?? 7);
  if (!Number.isFinite(days) || days <= 0) {
    console.error("--days must be a positive number of days");
    return 1;
  }
  const engine = new LiveEngine(knowledgeDir);
  const { store } = await openStore({ DATA_DIR: dataDir(), DATABASE_URL: process.env["DATABASE_URL"] || undefined });
  try {
    const since = new Date(Date.now() - days * DAY_MS);
    const groups = reviewGroups(await store.questionsSince(since), engine, await store.reviewDecisions());
    if (args.includes("--json")) {
      console.log(JSON.stringify({ since: since.toISOString(), groups }, null, 2));
      return 0;
    }
    console.log(`Questions to review over the last ${days} day(s): ${groups.length} group(s)\n`);
    for (const [i, g] of groups.entries()) {
      const why = [g.refused ? `${g.refused} refused` : "", g.unsure ? `${g.unsure} unsure` : "", g.downvoted ? `${g.downvoted} 👎` : ""].filter(Boolean).join(", ");
      console.log(`${i + 1}. ${g.questions[0]}  — ${g.count}× by ${g.askers} asker(s) (${why})`);
      for (const other of g.questions.slice(1, 4)) console.log(`     also: ${other}`);
      if (g.nearest) console.log(`     nearest entry: ${g.nearest.id}${g.nearest.unanswered ? " (a curated refusal)" : ""} — "${g.nearest.question}", covers ${(g.nearest.score * 100).toFixed(0)} %`);
      const quoted = shellQuote(g.questions[0] ?? "");
      if (g.nearest && !g.nearest.unanswered) console.log(`     as a phrasing:       npm run review -- add-phrasing ${g.nearest.id} ${quoted}`);
      console.log(`     not in the sources:  npm run review -- add-not-in-sources ${quoted}${g.nearest?.unanswered ? ` --entry ${g.nearest.id}` : ""}`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

runCli("review", main, [KnowledgeError, StoreError]);
