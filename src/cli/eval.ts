/**
 * `npm run eval`: answer quality on the question sets, per category, for the
 * engine and, in the same run, for two peers over the same passages: a stock
 * MiniSearch BM25 index (French stop words, fuzzy) and plain Fuse.js.
 * `--verbose` lists the misses of the tuning sets (never of the held-out
 * ones: reading them would be tuning on them). `--set <words>` runs the sets
 * whose name contains them.
 */
import { createBaseline } from "../eval/baseline.ts";
import { evaluate, summarize, type CategoryScore } from "../eval/evaluate.ts";
import { createMiniSearchBaseline } from "../eval/minisearch-baseline.ts";
import { loadQuestionSet } from "../eval/question-set.ts";
import { dialogueSuites, evalEngine, suites } from "../eval/suites.ts";
import { loadDialogues, playDialogues, summarizeDialogues } from "../eval/dialogues.ts";

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const only = args.includes("--set") ? (args[args.indexOf("--set") + 1] ?? "") : "";
/** Reliability of the score: among answered questions, the share that was right, per score band. */
const bands = [0.4, 0.55, 0.7, 0.85, 1.0001];
const reliability = bands.slice(0, -1).map(() => ({ answered: 0, right: 0 }));
const pct = (x: number | undefined) => (x === undefined ? "".padStart(8) : `${(x * 100).toFixed(1)}%`.padStart(8));
const engines = new Map<string, ReturnType<typeof evalEngine>>();
/** One engine per set of update folders, shared by the question sets and dialogues on them. */
function engineFor(updateDirs: readonly string[]): ReturnType<typeof evalEngine> {
  const key = updateDirs.join(",");
  const engine = engines.get(key) ?? evalEngine(updateDirs);
  engines.set(key, engine);
  return engine;
}

for (const suite of suites().filter((s) => s.name.includes(only))) {
  const engine = engineFor(suite.updateDirs);
  const items = loadQuestionSet(suite.file);
  const ours = evaluate(items, (q) => engine.ask(q));
  for (const r of ours) {
    if (!r.answer.answered) continue;
    const band = bands.findIndex((b, i) => r.answer.score >= b && r.answer.score < (bands[i + 1] ?? 2));
    const slot = reliability[Math.max(0, band)];
    if (!slot) continue;
    slot.answered++;
    if (r.right) slot.right++;
  }
  const peers = [createMiniSearchBaseline(engine.knowledge.passages), createBaseline(engine.knowledge.passages)];
  const [mini, fuse] = peers.map((peer) => new Map(summarize(evaluate(items, (q) => peer.ask(q)), suite.categories).map((s) => [s.category, s])));
  console.log(`\n== ${suite.name} (${items.length} questions)${suite.heldout ? " — never tuned on" : ""}`);
  console.log(`${"category".padEnd(42)} ${"n".padStart(4)} ${"engine".padStart(8)} ${"MiniSrch".padStart(8)} ${"Fuse".padStart(8)}`);
  for (const s of summarize(ours, suite.categories)) {
    const row = (peer: Map<string, CategoryScore> | undefined) => pct(peer?.get(s.category)?.rate);
    console.log(`${s.category.padEnd(42)} ${String(s.total).padStart(4)} ${pct(s.rate)} ${row(mini)} ${row(fuse)}`);
  }
  if (verbose && !suite.heldout) {
    for (const r of ours.filter((x) => !x.right)) {
      const a = r.answer;
      const where = r.item.kind === "answer" ? `/${r.item.style}${r.item.lang === "en" ? "/en" : ""}` : r.item.lang === "en" ? "/en" : "";
      console.log(`  ✗ [${r.item.kind}${where}] ${r.outcome}: ${r.item.q}  → ${a.status} ${a.score} ${a.match?.id ?? ""} ${a.debug ?? ""}`);
    }
  }
}

// Conversations: each dialogue played with the bot's memory, beside the same turns asked alone.
for (const { name, file, heldout, updateDirs } of dialogueSuites().filter((s) => s.name.includes(only))) {
  const engine = engineFor(updateDirs);
  const dialogues = loadDialogues(file);
  const ours = playDialogues(dialogues, (q, o) => engine.ask(q, o));
  const alone = new Map(summarizeDialogues(playDialogues(dialogues, (q, o) => engine.ask(q, o), false)).map((s) => [s.category, s]));
  console.log(`\n== ${name} (${dialogues.length} dialogues, ${ours.length} turns)${heldout ? " — never tuned on" : ""}`);
  console.log(`${"category".padEnd(42)} ${"n".padStart(4)} ${"memory".padStart(8)} ${"alone".padStart(8)}`);
  for (const s of summarizeDialogues(ours)) console.log(`${s.category.padEnd(42)} ${String(s.total).padStart(4)} ${pct(s.rate)} ${pct(alone.get(s.category)?.rate)}`);
  if (verbose && !heldout) {
    for (const r of ours.filter((x) => !x.right)) {
      console.log(`  ✗ [#${r.dialogue}.${r.turn}${r.followup ? " follow-up" : ""}] ${r.outcome}: ${r.item.q}  → ${r.answer.status} ${r.answer.match?.id ?? ""} ${r.answer.debug ?? ""}`);
    }
  }
}

console.log("\n== confidence calibration (all sets run): share of answered questions that were right, by score");
reliability.forEach((r, i) => {
  const label = `score ${bands[i]?.toFixed(2)}–${Math.min(1, bands[i + 1] ?? 1).toFixed(2)}`;
  console.log(`${label.padEnd(42)} ${String(r.answered).padStart(4)} ${r.answered ? pct(r.right / r.answered) : "       –"}`);
});
