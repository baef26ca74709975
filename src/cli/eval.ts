/**
 * `npm run eval`: answer quality on the question sets, for the engine and, in
 * the same run, for the naive baseline. `--verbose` lists every miss.
 */
import { resolve } from "node:path";
import { createBaseline } from "../eval/baseline.ts";
import { evaluate, summarize, type ItemResult } from "../eval/evaluate.ts";
import { loadQuestionSet } from "../eval/question-set.ts";
import { loadEngineFromEnv } from "./load-engine.ts";

const verbose = process.argv.includes("--verbose");
const engine = loadEngineFromEnv();
const baseline = createBaseline(engine.knowledge.passages);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);

for (const name of ["tuning", "heldout"]) {
  const items = loadQuestionSet(resolve("test/eval", `${name}.yaml`));
  const ours = evaluate(items, (q) => engine.ask(q));
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
    for (const r of ours.filter((x: ItemResult) => !x.right)) {
      const a = engine.ask(r.item.q);
      console.log(`  ✗ [${r.item.kind}${r.item.kind === "answer" ? `/${r.item.style}` : ""}] ${r.outcome}: ${r.item.q}  → ${a.status} ${a.score} ${a.match?.id ?? ""} ${a.debug ?? ""}`);
    }
  }
}
