import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isMap, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from "yaml";
import { createEngine } from "../engine/engine.ts";
import { checkKnowledge } from "../engine/knowledge/check.ts";
import { KnowledgeError } from "../engine/knowledge/errors.ts";
import { loadKnowledge } from "../engine/knowledge/load.ts";

export type EditResult = { ok: true; change: string; entryId: string } | { ok: false; problem: string };

/** The message shown for a curated "the sources do not say" entry made from one reviewed question. */
export const NOT_IN_SOURCES = "Les sources ne disent rien à ce sujet pour l’instant : je préfère ne pas répondre plutôt que d’inventer.";

/**
 * Edits faq.yaml as a curator would: through the YAML document, so that comments, order and layout are kept;
 * then checks the whole knowledge again. A change that breaks the check (the new phrasing finds another entry,
 * say) is undone, and the problem reported.
 */
export function addPhrasing(knowledgeDir: string, entryId: string, question: string): EditResult {
  return edit(knowledgeDir, (doc) => {
    const entry = findEntry(doc, entryId);
    if (!entry) return `no FAQ entry "${entryId}" (see knowledge/faq.yaml)`;
    const questions = entry.get("questions");
    if (!isSeq(questions)) return `entry "${entryId}" has no list of questions`;
    if ((questions as YAMLSeq).items.some((q) => String((q as { value?: unknown }).value ?? q) === question)) return `"${question}" is already a phrasing of "${entryId}"`;
    (questions as YAMLSeq).add(doc.createNode(question));
    return { change: `added the phrasing "${question}" to "${entryId}"`, entryId };
  });
}

/**
 * Records a question the sources do not answer: as a phrasing of the given curated refusal when there is one,
 * else as a new "the sources do not say" entry under `topic`.
 */
export function addNotInSources(knowledgeDir: string, question: string, options: { entryId?: string; topic?: string; now?: Date } = {}): EditResult {
  if (options.entryId) {
    const target = options.entryId;
    return edit(knowledgeDir, (doc) => {
      const entry = findEntry(doc, target);
      if (!entry) return `no FAQ entry "${target}"`;
      if (entry.get("unanswered") !== true) return `"${target}" answers questions; give an entry with unanswered: true, or none to create one`;
      (entry.get("questions") as YAMLSeq).add(doc.createNode(question));
      return { change: `added "${question}" to the curated refusal "${target}"`, entryId: target };
    });
  }
  return edit(knowledgeDir, (doc) => {
    const entries = doc.get("entries");
    if (!isSeq(entries)) return "faq.yaml has no entries";
    const topics = doc.get("topics");
    const topic = options.topic ?? (isMap(topics) ? String((topics as YAMLMap).items[0]?.key ?? "") : "");
    const day = (options.now ?? new Date()).toISOString().slice(0, 10).replace(/-/g, "");
    const ids = new Set((entries as YAMLSeq).items.map((e) => String((e as YAMLMap).get("id"))));
    let n = 1;
    while (ids.has(`non-couvert-${day}-${n}`)) n++;
    const entryId = `non-couvert-${day}-${n}`;
    (entries as YAMLSeq).add(doc.createNode({ id: entryId, topic, unanswered: true, questions: [question], answer: NOT_IN_SOURCES }));
    return { change: `created the curated refusal "${entryId}" for "${question}"`, entryId };
  });
}

function findEntry(doc: Document, id: string): YAMLMap | undefined {
  const entries = doc.get("entries");
  if (!isSeq(entries)) return undefined;
  return (entries as YAMLSeq).items.find((e) => isMap(e) && (e as YAMLMap).get("id") === id) as YAMLMap | undefined;
}

function edit(knowledgeDir: string, change: (doc: Document) => string | { change: string; entryId: string }): EditResult {
  const file = join(knowledgeDir, "faq.yaml");
  const before = readFileSync(file, "utf8");
  const doc = parseDocument(before);
  if (doc.errors.length > 0) return { ok: false, problem: `faq.yaml cannot be read: ${doc.errors[0]?.message}` };
  const done = change(doc);
  if (typeof done === "string") return { ok: false, problem: done };
  writeAtomically(file, doc.toString({ lineWidth: 0 }));
  const problem = checkProblem(knowledgeDir);
  if (problem) {
    writeAtomically(file, before);
    return { ok: false, problem: `not changed: ${problem}` };
  }
  return { ok: true, ...done };
}

/** The first problem of the knowledge as it is on disk, if any. */
function checkProblem(knowledgeDir: string): string | undefined {
  try {
    const knowledge = loadKnowledge(knowledgeDir);
    return checkKnowledge(knowledge, createEngine(knowledge)).problems[0];
  } catch (error) {
    return error instanceof KnowledgeError ? error.message : (error as Error).message;
  }
}

function writeAtomically(file: string, text: string): void {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}
