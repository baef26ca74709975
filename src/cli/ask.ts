/**
 * `npm run ask -- "Qui a conduit la délégation ?"`: the engine without Telegram.
 * `npm run --silent ask -- --json`: one question per stdin line → one JSON object per stdout line.
 * No question on a terminal: an interactive session.
 */
import { createInterface } from "node:readline";
import type { Answer } from "../engine/answer.ts";
import type { Engine } from "../engine/engine.ts";
import { KnowledgeError } from "../engine/knowledge/errors.ts";
import { renderPlainText } from "../engine/render-text.ts";
import { loadEngineFromEnv } from "./load-engine.ts";

/**
 * JSON.stringify leaves U+2028 and U+2029 as they are: valid JSON, but a line separator to JavaScript
 * parsers and many line-based tools. Escaped, one answer is always one physical line.
 */
const escapeLineSeparators = (json: string) => json.replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

function toJson(question: string, answer: Answer): string {
  return escapeLineSeparators(JSON.stringify({
    question,
    answered: answer.answered,
    text: renderPlainText(answer),
    citations: answer.citations.map((c) => ({
      sourceId: c.sourceId,
      outlet: c.outlet,
      author: c.author,
      paragraph: c.paragraph,
      quote: c.quote,
    })),
    score: answer.score,
    suggestions: answer.suggestions,
  }));
}

/** Lines of stdin split on "\n" only (a trailing "\r" of CRLF dropped): a bare "\r" inside a line is part of it. */
async function* stdinLines(): AsyncGenerator<string> {
  let pending = "";
  for await (const chunk of process.stdin.setEncoding("utf8")) {
    const parts = (pending + (chunk as string)).split("\n");
    pending = parts.pop() ?? "";
    for (const part of parts) yield part.endsWith("\r") ? part.slice(0, -1) : part;
  }
  if (pending !== "") yield pending.endsWith("\r") ? pending.slice(0, -1) : pending;
}

/** One answer per line, whatever happens: an engine failure on one line is reported on that line, and the next goes on. */
function answerLine(engine: Engine, line: string): string {
  try {
    return toJson(line, engine.ask(line));
  } catch (error) {
    return escapeLineSeparators(JSON.stringify({ question: line, answered: false, error: (error as Error)?.message ?? String(error) }));
  }
}

async function jsonLines(engine: Engine): Promise<void> {
  for await (const line of stdinLines()) {
    // Every input line gets exactly one output line, blank ones included, so callers can zip them.
    const ok = process.stdout.write(`${answerLine(engine, line)}\n`);
    if (!ok) await new Promise((r) => process.stdout.once("drain", r));
  }
}

async function interactive(engine: Engine): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: "\nVotre question (Ctrl+D pour quitter) > " });
  console.log("Posez vos questions sur la visite de la délégation russe à Bamako (28 juillet 2025).");
  rl.prompt();
  for await (const line of rl) {
    if (line.trim()) console.log(`\n${renderPlainText(engine.ask(line))}`);
    rl.prompt();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const question = args.filter((a) => a !== "--json").join(" ");
  const engine = loadEngineFromEnv();
  if (json) return jsonLines(engine);
  if (question.trim()) {
    console.log(renderPlainText(engine.ask(question)));
    return;
  }
  if (process.stdin.isTTY) return interactive(engine);
  // Piped without --json: answer each line as text.
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim()) console.log(`${renderPlainText(engine.ask(line))}\n`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof KnowledgeError) console.error(error.message);
  else console.error(`Erreur inattendue : ${(error as Error).message}`);
  process.exitCode = 1;
});
