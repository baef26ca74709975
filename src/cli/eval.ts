/**
 * `npm run eval`: answer quality on the question sets, for the engine and, in
 * the same run, for the naive baseline. `--verbose` lists every miss.
 */
import { resolve } from "node:path";
import { createBaseline } from "../eval/baseline.ts";
import { evaluate, summarize } from "../eval/evaluate.ts";
import { loadQuestionSet } from "../eval/question-set.ts";
import { loadEngineFromEnv } from "./load-engine.ts";

const verbose = process.argv.includes("--verbose");
/** Reliability of the score: among answered questions, the share that was right, per score band. */
const bands = [0.4, 0.55, 0.7, 0.85, 1.0001];
const reliability = bands.slice(0, -1).map(() => ({ answered: 0, right: 0 }));
const engine = loadEngineFromEnv();
const baseline = createBaseline(engine.knowledge.passages);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);

for (const name of ["tuning", "heldout"]) {
  const items = loadQuestionSet(resolve("test/eval", `${name}.yaml`));
  const ours = evaluate(items, (q) => engine.ask(q));
  for (const r of ours) {
    const a = r.answer;
    if (!a.answered) continue;
    const band = bands.findIndex((b, i) => a.score >= b && a.score < (bands[i + 1] ?? 2));
    const slot = reliability[Math.max(0, band)];
    if (!slot) continue;
    slot.answered++;
    if (r.right) slot.right++;
  }
  const base = evaluate(items, (q) => baseline.ask(q));
  const baseByCategory = new Map(summarize(base).map((s) => [s.category, s]));
  console.log(`\n== ${name} (${items.length} questions)${name === "heldout" ? " — never tuned on" : ""}`);
  console.log(`${"category".padEnd(30)} ${"n".padStart(4)} ${"engine".padStart(7)} ${"baseline".padStart(8)}`);
  for (const s of summarize(ours)) {
    const b = baseByCategory.get(s.category);
    console.log(`${s.category.padEnd(30)} ${String(s.total).padStart(4)} ${pct(s.rate)} ${b ? pct(b.rate) : "".padStart(7)}`);
  }
  // Misses are listed for the tuning set only: reading held-out failures would be tuning on them.
  if (verbose && name === "tuning") {
    for (const r of ours.filter((x) => !x.right)) {
      const a = r.answer;
      console.log(`  ✗ [${r.item.kind}${r.item.kind === "answer" ? `/${r.item.style}` : ""}] ${r.outcome}: ${r.item.q}  → ${a.status} ${a.score} ${a.match?.id ?? ""} ${a.debug ?? ""}`);
    }
  }
}

console.log("\n== confidence calibration (both sets): share of answered questions that were right, by score");
reliability.forEach((r, i) => {
  const label = `score ${bands[i]?.toFixed(2)}–${Math.min(1, bands[i + 1] ?? 1).toFixed(2)}`;
  console.log(`${label.padEnd(30)} ${String(r.answered).padStart(4)} ${r.answered ? pct(r.right / r.answered) : "      –"}`);
});
