import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseYamlCached as parseYaml } from "../../common/yaml-cache.ts";
import { describeIssues, KnowledgeError } from "./errors.ts";
import { splitFrontMatter } from "./front-matter.ts";
import { derivePassages } from "./passages.ts";
import { locateQuote } from "./quotes.ts";
import { faqFileSchema, lexiconFileSchema, sourceMetaSchema, updateFrontMatterSchema } from "./schema.ts";
import type { FaqEntry, FaqTopic, Knowledge, Paragraph, Source } from "./types.ts";

/**
 * Loads and checks the whole knowledge directory. Every problem found is
 * reported at once (file, entry, field, how to fix), so a curator fixes a
 * batch in one go instead of one error per start.
 */
export interface LoadOptions {
  /**
   * More folders of updates, loaded as if they were in updates/ (the evaluation loads the fictional test
   * updates of test/fixtures/updates this way; they never go into knowledge/).
   */
  extraUpdateDirs?: string[];
}

export function loadKnowledge(dir: string, options: LoadOptions = {}): Knowledge {
  if (!existsSync(dir)) {
    throw new KnowledgeError(`knowledge directory not found: ${dir} (set KNOWLEDGE_DIR to the folder holding faq.yaml, lexicon.yaml and sources/)`);
  }
  const problems: string[] = [];
  const updates = [join(dir, "updates"), ...(options.extraUpdateDirs ?? [])].flatMap((folder) => loadUpdates(folder, problems));
  const sources = [...loadArticles(dir, problems), ...updates];
  const seen = new Set<string>();
  for (const s of sources) {
    if (seen.has(s.id)) problems.push(`${s.file}: field id: "${s.id}" is used by another source; ids must be unique`);
    seen.add(s.id);
  }
  const { topics, faq } = loadFaq(dir, sources, problems);
  const lexicon = loadLexicon(dir, problems);
  if (problems.length > 0) {
    throw new KnowledgeError(`The knowledge base has ${problems.length} problem(s):\n${problems.join("\n")}`);
  }
  return { sources, passages: sources.flatMap(derivePassages), topics, faq, lexicon };
}

function readYaml(dir: string, file: string, problems: string[]): unknown {
  try {
    return parseYaml(readFileSync(join(dir, file), "utf8"));
  } catch (error) {
    problems.push(`${file}: cannot be read as YAML: ${(error as Error).message}`);
    return undefined;
  }
}

/** Data files of a folder; README.md and names starting with "_" are notes or drafts, never loaded. */
function listFiles(dir: string, sub: string, suffix: string): string[] {
  const path = join(dir, sub);
  if (!existsSync(path)) return [];
  return readdirSync(path)
    .filter((f) => f.endsWith(suffix) && !f.startsWith("_") && f.toLowerCase() !== "readme.md")
    .sort();
}

function toParagraphs(text: string, boilerplate: string[]): Paragraph[] {
  const skip = new Set(boilerplate.map((b) => b.trim()));
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line, i) => ({ number: i + 1, text: line, isBoilerplate: skip.has(line) }));
}

function loadArticles(dir: string, problems: string[]): Source[] {
  const out: Source[] = [];
  for (const metaFile of listFiles(dir, "sources", ".yaml")) {
    const file = `sources/${metaFile}`;
    const parsed = sourceMetaSchema.safeParse(readYaml(dir, file, problems));
    if (!parsed.success) {
      problems.push(describeIssues(file, parsed.error.issues));
      continue;
    }
    const meta = parsed.data;
    const textFile = `sources/${metaFile.replace(/\.yaml$/, ".txt")}`;
    if (`${meta.id}.yaml` !== metaFile) problems.push(`${file}: field id: "${meta.id}" must match the file name (${metaFile.replace(/\.yaml$/, "")})`);
    if (!existsSync(join(dir, textFile))) {
      problems.push(`${file}: the text ${textFile} is missing; put the source text, unchanged, beside its metadata`);
      continue;
    }
    const text = readFileSync(join(dir, textFile), "utf8");
    const paragraphs = toParagraphs(text, meta.boilerplate);
    for (const b of meta.boilerplate) {
      if (!paragraphs.some((p) => p.text === b.trim())) problems.push(`${file}: field boilerplate: "${b}" is not a whole line of ${textFile}`);
    }
    out.push({
      id: meta.id,
      kind: "article",
      title: meta.title,
      outlet: meta.outlet,
      author: meta.author,
      date: meta.date,
      ...(meta.url ? { url: meta.url } : {}),
      file: textFile,
      paragraphs,
    });
  }
  if (out.length === 0) problems.push("sources/: no source found; add <id>.yaml (metadata) and <id>.txt (text)");
  return out;
}

function loadUpdates(folder: string, problems: string[]): Source[] {
  const out: Source[] = [];
  for (const name of listFiles(folder, "", ".md")) {
    const file = `updates/${name}`;
    const split = splitFrontMatter(readFileSync(join(folder, name), "utf8"));
    if ("problem" in split) {
      problems.push(`${file}: ${split.problem}`);
      continue;
    }
    const parsed = updateFrontMatterSchema.safeParse(split.data);
    if (!parsed.success) {
      problems.push(describeIssues(file, parsed.error.issues, () => "front matter"));
      continue;
    }
    const meta = parsed.data;
    if (`${meta.id}.md` !== name) problems.push(`${file}: front matter, field id: "${meta.id}" must match the file name (${name.replace(/\.md$/, "")})`);
    if (split.body.length === 0) problems.push(`${file}: the text after the front matter is empty; write the update there`);
    const paragraphs = split.body
      .split(/\n\s*\n/)
      .map((p) => p.replace(/\s*\n\s*/g, " ").trim())
      .filter((p) => p.length > 0)
      .map((text, i) => ({ number: i + 1, text, isBoilerplate: false }));
    out.push({
      id: meta.id,
      kind: "update",
      title: meta.title,
      outlet: meta.outlet,
      author: meta.author,
      date: meta.date,
      ...(meta.url ? { url: meta.url } : {}),
      file,
      paragraphs,
    });
  }
  return out;
}

function loadFaq(dir: string, sources: Source[], problems: string[]): { topics: FaqTopic[]; faq: FaqEntry[] } {
  const file = "faq.yaml";
  const raw = readYaml(dir, file, problems);
  const parsed = faqFileSchema.safeParse(raw);
  const entryLabel = (path: PropertyKey[]) => {
    if (path[0] !== "entries" || typeof path[1] !== "number") return undefined;
    const entries = (raw as { entries?: Array<{ id?: unknown }> } | undefined)?.entries;
    const entryId = entries?.[path[1]]?.id;
    return `entry #${path[1] + 1}${typeof entryId === "string" ? ` "${entryId}"` : ""}`;
  };
  if (!parsed.success) {
    problems.push(describeIssues(file, parsed.error.issues, entryLabel));
    return { topics: [], faq: [] };
  }
  const topics = Object.entries(parsed.data.topics).map(([id, label]) => ({ id, label }));
  const byId = new Map(sources.map((s) => [s.id, s]));
  const ids = new Set<string>();
  const faq: FaqEntry[] = [];
  parsed.data.entries.forEach((entry, i) => {
    const where = `${file}: entry #${i + 1} "${entry.id}"`;
    if (ids.has(entry.id)) problems.push(`${where}, field id: duplicate id; ids must be unique`);
    ids.add(entry.id);
    if (!parsed.data.topics[entry.topic]) {
      problems.push(`${where}, field topic: "${entry.topic}" is not under topics (${topics.map((t) => t.id).join(", ")})`);
    }
    const citations = entry.citations.flatMap((c, k) => {
      const source = byId.get(c.source);
      if (!source) {
        problems.push(`${where}, field citations[${k}].source: unknown source "${c.source}" (known: ${[...byId.keys()].join(", ")})`);
        return [];
      }
      const located = locateQuote(source, c.quote);
      if ("problem" in located) {
        problems.push(`${where}, field citations[${k}].quote: ${located.problem}`);
        return [];
      }
      return [{ sourceId: source.id, quote: c.quote, paragraph: located.paragraph }];
    });
    faq.push({ id: entry.id, topic: entry.topic, questions: entry.questions, answer: entry.answer, citations, ...(entry.overview ? { overview: true } : {}), ...(entry.unanswered ? { unanswered: true } : {}) });
  });
  const overviews = faq.filter((e) => e.overview).map((e) => `"${e.id}"`);
  if (overviews.length > 1) problems.push(`${file}: entries ${overviews.join(", ")} all have overview: true; keep it on one entry`);
  return { topics, faq };
}

function loadLexicon(dir: string, problems: string[]): Knowledge["lexicon"] {
  const file = "lexicon.yaml";
  if (!existsSync(join(dir, file))) return { synonyms: [], spellings: {}, event: [], frames: [] };
  const parsed = lexiconFileSchema.safeParse(readYaml(dir, file, problems));
  if (!parsed.success) {
    problems.push(describeIssues(file, parsed.error.issues, (p) => (typeof p[1] === "number" ? `group #${p[1] + 1}` : undefined)));
    return { synonyms: [], spellings: {}, event: [], frames: [] };
  }
  return parsed.data;
}
