/**
 * `npm run knowledge:check`: loads the knowledge as the bot does (zod
 * validation, verbatim quotes) and checks that every FAQ entry is found by
 * each of its own phrasings. Exit code 1 on any problem.
 */
import { checkKnowledge } from "../engine/knowledge/check.ts";
import { KnowledgeError } from "../engine/knowledge/errors.ts";
import { loadEngineFromEnv } from "./load-engine.ts";

try {
  const engine = loadEngineFromEnv();
  const report = checkKnowledge(engine.knowledge, engine);
  const { sources, passages, faqEntries } = engine.stats();
  for (const warning of report.warnings) console.warn(`warning: ${warning}`);
  if (report.problems.length > 0) {
    console.error(report.problems.join("\n"));
    console.error(`\nknowledge:check: ${report.problems.length} problem(s)`);
    process.exitCode = 1;
  } else {
    console.log(
      `knowledge:check: OK — ${sources} source(s), ${passages} passages, ${faqEntries} FAQ entries, ${report.citations} citations verbatim, ${report.phrasings} phrasings each finding their entry`,
    );
  }
} catch (error) {
  console.error(error instanceof KnowledgeError ? error.message : `knowledge:check failed: ${(error as Error).stack}`);
  process.exitCode = 1;
}
