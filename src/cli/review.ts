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
import { reviewGroups } from "../review/review.ts";
import { SqliteStore } from "../store/sqlite-store.ts";
import { StoreError } from "../store/types.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

function report(result: EditResult): number {
  if (!result.ok) {
    console.error(result.problem);
    return 1;
  }
  console.log(`${result.change}; knowledge check passed. A running bot answers it as soon as it reloads (at once: it watches the files).`);
  return 0;
}

async function main(): Promise<number> {
  loadDotenv({ quiet: true });
  const args = process.argv.slice(2);
  const knowledgeDir = resolve(process.env["KNOWLEDGE_DIR"] ?? "knowledge");
  const [command] = args;
  if (command === "add-phrasing") {
    const [, entryId, question] = args;
    if (!entryId || !question) {
      console.error('Usage: npm run review -- add-phrasing <entry-id> "<question>"');
      return 1;
    }
    return report(addPhrasing(knowledgeDir, entryId, question));
  }
  if (command === "add-not-in-sources") {
    const question = args[1];
    if (!question) {
      console.error('Usage: npm run review -- add-not-in-sources "<question>" [--entry <unanswered-entry-id>] [--topic <topic-id>]');
      return 1;
    }
    const entryId = option(args, "--entry");
    const topic = option(args, "--topic");
    return report(addNotInSources(knowledgeDir, question, { ...(entryId ? { entryId } : {}), ...(topic ? { topic } : {}) }));
  }

  const days = Number(option(args, "--days") ?? 7);
  if (!Number.isFinite(days) || days <= 0) {
    console.error("--days must be a positive number of days");
    return 1;
  }
  const engine = new LiveEngine(knowledgeDir);
  const store = SqliteStore.open(process.env["DATA_DIR"] ?? "./data");
  try {
    const since = new Date(Date.now() - days * DAY_MS);
    const groups = reviewGroups(await store.questionsSince(since), engine, await store.ignoredInReview());
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
      console.log(`     add it: npm run review -- add-phrasing ${g.nearest?.id ?? "<entry-id>"} ${JSON.stringify(g.questions[0])}`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof KnowledgeError || error instanceof StoreError ? (error as Error).message : `review failed: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
