import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { writeFileAtomically } from "../common/atomic-write.ts";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { isMap, isScalar, isSeq, parseDocument, stringify, type Document, type YAMLMap, type YAMLSeq } from "yaml";
import { createEngine } from "../engine/engine.ts";
import { checkKnowledge } from "../engine/knowledge/check.ts";
import { KnowledgeError } from "../engine/knowledge/errors.ts";
import { loadKnowledge } from "../engine/knowledge/load.ts";

export type EditResult = { ok: true; change: string; entryId: string } | { ok: false; problem: string };

/** The message shown for a curated "the sources do not say" entry made from one reviewed question. */
export const NOT_IN_SOURCES = "Les sources ne disent rien à ce sujet pour l’instant : je préfère ne pas répondre plutôt que d’inventer.";

/**
 * Edits faq.yaml as a curator would: the file is parsed to find where the line goes, and only that line (or
 * entry) is written into the text, so that comments, order and layout are kept; then the whole knowledge is
 * checked again. A change that breaks the check (the new phrasing finds another entry,
 * say) is undone, and the problem reported.
 */
export function addPhrasing(knowledgeDir: string, entryId: string, question: string): EditResult {
  return edit(knowledgeDir, (doc, source) => {
    const entry = findEntry(doc, entryId);
    if (!entry) return `aucune entrée « ${entryId} » dans knowledge/faq.yaml`;
    const questions = entry.get("questions");
    if (!isSeq(questions) || questions.items.length === 0) return `l’entrée « ${entryId} » n’a pas de liste de questions`;
    if (questions.items.some((q) => String(isScalar(q) ? q.value : q) === question)) return `« ${question} » est déjà une formulation de « ${entryId} »`;
    return { text: appendToSeq(source, questions, question), change: `formulation « ${question} » ajoutée à « ${entryId} »`, entryId };
  });
}

/**
 * Records a question the sources do not answer: as a phrasing of the given curated refusal when there is one,
 * else as a new "the sources do not say" entry under `topic`.
 */
export function addNotInSources(knowledgeDir: string, question: string, options: { entryId?: string; topic?: string; now?: Date } = {}): EditResult {
  if (options.entryId) {
    const target = options.entryId;
    return edit(knowledgeDir, (doc, source) => {
      const entry = findEntry(doc, target);
      if (!entry) return `aucune entrée « ${target} » dans knowledge/faq.yaml`;
      if (entry.get("unanswered") !== true) return `« ${target} » répond aux questions : donnez une entrée avec unanswered: true, ou aucune pour en créer une`;
      const questions = entry.get("questions");
      if (!isSeq(questions) || questions.items.length === 0) return `l’entrée « ${target} » n’a pas de liste de questions`;
      return { text: appendToSeq(source, questions, question), change: `« ${question} » ajoutée au refus préparé « ${target} »`, entryId: target };
    });
  }
  return edit(knowledgeDir, (doc, source) => {
    const entries = doc.get("entries");
    if (!isSeq(entries) || entries.items.length === 0) return "faq.yaml n’a pas de liste entries";
    const topics = doc.get("topics");
    const topic = options.topic ?? (isMap(topics) ? String((topics as YAMLMap).items[0]?.key ?? "") : "");
    const day = (options.now ?? new Date()).toISOString().slice(0, 10).replace(/-/g, "");
    const ids = new Set(entries.items.map((e) => String((e as YAMLMap).get("id"))));
    let n = 1;
    while (ids.has(`non-couvert-${day}-${n}`)) n++;
    const entryId = `non-couvert-${day}-${n}`;
    const entry = { id: entryId, topic, unanswered: true, questions: [question], answer: NOT_IN_SOURCES };
    return { text: appendToSeq(source, entries, entry), change: `refus préparé « ${entryId} » créé pour « ${question} »`, entryId };
  });
}

function findEntry(doc: Document, id: string): YAMLMap | undefined {
  const entries = doc.get("entries");
  if (!isSeq(entries)) return undefined;
  return entries.items.find((e) => isMap(e) && e.get("id") === id) as YAMLMap | undefined;
}

/**
 * The source with `value` added as the last item of `seq`, as text: right after the last item's line, with the
 * same indentation, so that every other byte of the file (comments, blank lines, quoting) stays as the curator
 * wrote it.
 */
function appendToSeq(source: string, seq: YAMLSeq, value: unknown): string {
  const last = seq.items.at(-1) as { range?: [number, number, number] } | undefined;
  if (!last?.range) throw new Error("the list has no position in faq.yaml");
  const [start, valueEnd] = last.range;
  const lineStart = source.lastIndexOf("\n", start - 1) + 1;
  const prefix = source.slice(lineStart, start); // e.g. "      - " before a phrasing, "  - " before an entry
  const continuation = " ".repeat(prefix.length);
  const lines = stringify(value, { lineWidth: 0 }).trimEnd().split("\n");
  const block = lines.map((line, i) => (i === 0 ? `${prefix}${line}` : line ? `${continuation}${line}` : line)).join("\n");
  let at = source.indexOf("\n", Math.max(valueEnd - 1, start));
  if (at < 0) at = source.length;
  return `${source.slice(0, at)}\n${block}${source.slice(at)}`;
}

type Change = { text: string; change: string; entryId: string };

/** An edit in progress elsewhere (another admin, another instance on the same files) is waited for this long. */
const LOCK_WAIT_MS = 5_000;
/** A lock older than this was left by a process that died mid-edit. */
const STALE_LOCK_MS = 30_000;

function edit(knowledgeDir: string, change: (doc: Document, source: string) => string | Change): EditResult {
  const file = join(knowledgeDir, "faq.yaml");
  const lock = join(knowledgeDir, ".faq.yaml.lock");
  if (!takeLock(lock)) return { ok: false, problem: "faq.yaml est en cours de modification par ailleurs : réessayez dans un instant" };
  try {
    // Read under the lock: two edits at once never lose one of them.
    const before = readFileSync(file, "utf8");
    const doc = parseDocument(before);
    if (doc.errors.length > 0) return { ok: false, problem: `faq.yaml illisible : ${doc.errors[0]?.message}` };
    const done = change(doc, before);
    if (typeof done === "string") return { ok: false, problem: done };
    const reread = parseDocument(done.text);
    if (reread.errors.length > 0) return { ok: false, problem: `rien n’a changé : l’ajout rendrait faq.yaml illisible (${reread.errors[0]?.message})` };
    // Checked aside first: a bot watching the files never loads a version the check refuses.
    const problem = checkCandidate(knowledgeDir, done.text);
    if (problem) return { ok: false, problem: `rien n’a changé, la vérification des connaissances échouerait : ${problem}` };
    writeFileAtomically(file, done.text);
    return { ok: true, change: done.change, entryId: done.entryId };
  } finally {
    rmSync(lock, { force: true });
  }
}

function takeLock(lock: string): boolean {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: "wx" });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { force: true });
      } catch {
        // gone meanwhile: try again
      }
      if (Date.now() > deadline) return false;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
}

/** The first problem of the knowledge with `faqText` as its faq.yaml, checked in a scratch copy (links to the rest). */
function checkCandidate(knowledgeDir: string, faqText: string): string | undefined {
  const scratch = mkdtempSync(join(tmpdir(), "visite-faq-check-"));
  try {
    for (const name of readdirSync(knowledgeDir)) {
      if (name === "faq.yaml" || name.startsWith(".")) continue;
      symlinkSync(resolve(knowledgeDir, name), join(scratch, name));
    }
    writeFileSync(join(scratch, "faq.yaml"), faqText);
    const knowledge = loadKnowledge(scratch);
    return checkKnowledge(knowledge, createEngine(knowledge)).problems[0];
  } catch (error) {
    return error instanceof KnowledgeError ? error.message : (error as Error).message;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

