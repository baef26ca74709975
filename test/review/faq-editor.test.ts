import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine/engine.ts";
import { loadKnowledge } from "../../src/engine/knowledge/load.ts";
import { addNotInSources, addPhrasing, NOT_IN_SOURCES } from "../../src/review/faq-editor.ts";

const KNOWLEDGE = resolve(import.meta.dirname, "../../knowledge");
const dirs: string[] = [];
function knowledgeCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "visite-review-"));
  dirs.push(dir);
  cpSync(KNOWLEDGE, dir, { recursive: true });
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Lines of `after` not in `before`, and lines of `before` gone from `after` (a line diff by multiset). */
function lineChanges(before: string, after: string) {
  const count = (text: string) => {
    const m = new Map<string, number>();
    for (const line of text.split("\n")) m.set(line, (m.get(line) ?? 0) + 1);
    return m;
  };
  const b = count(before);
  const a = count(after);
  const added = [...a].flatMap(([line, n]) => Array<string>(Math.max(0, n - (b.get(line) ?? 0))).fill(line));
  const removed = [...b].flatMap(([line, n]) => Array<string>(Math.max(0, n - (a.get(line) ?? 0))).fill(line));
  return { added, removed };
}

describe("addPhrasing", () => {
  it("adds one line to the entry, keeping every comment and the layout, and the engine then answers it", () => {
    const dir = knowledgeCopy();
    const file = join(dir, "faq.yaml");
    const before = readFileSync(file, "utf8");
    const question = "Le big boss russe c'était qui ?";
    expect(createEngine(loadKnowledge(dir)).ask(question).answered).toBe(false);
    const result = addPhrasing(dir, "chef-delegation", question);
    expect(result).toMatchObject({ ok: true, entryId: "chef-delegation" });
    const after = readFileSync(file, "utf8");
    expect(lineChanges(before, after)).toEqual({ added: [`      - ${question}`], removed: [] });
    // Right under the entry's other phrasings, not at the end of the file.
    expect(after.indexOf(question)).toBeLessThan(after.indexOf("- id: fonction-tsivilev"));
    const answer = createEngine(loadKnowledge(dir)).ask(question);
    expect(answer.answered).toBe(true);
    expect(answer.match?.id).toBe("chef-delegation");
  });

  it("refuses an unknown entry and a phrasing already there, changing nothing", () => {
    const dir = knowledgeCopy();
    const before = readFileSync(join(dir, "faq.yaml"), "utf8");
    expect(addPhrasing(dir, "pas-une-entree", "Qui ?")).toMatchObject({ ok: false, problem: expect.stringContaining("pas-une-entree") });
    expect(addPhrasing(dir, "chef-delegation", "Qui a conduit la délégation russe à Bamako ?")).toMatchObject({ ok: false, problem: expect.stringContaining("déjà") });
    expect(readFileSync(join(dir, "faq.yaml"), "utf8")).toBe(before);
  });

  it("undoes a change the knowledge check refuses, and says why", () => {
    const dir = knowledgeCopy();
    const before = readFileSync(join(dir, "faq.yaml"), "utf8");
    // The phrasing of another entry's question: the check finds it answered by the wrong entry.
    const result = addPhrasing(dir, "chef-delegation", "Quand la délégation russe est-elle arrivée à Bamako ?");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain("rien n’a changé");
    expect(readFileSync(join(dir, "faq.yaml"), "utf8")).toBe(before);
  });

  it("waits for another edit's lock, and takes over one left by a process that died mid-edit", () => {
    const dir = knowledgeCopy();
    const lock = join(dir, ".faq.yaml.lock");
    writeFileSync(lock, "12345\n");
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    expect(addPhrasing(dir, "chef-delegation", "Le big boss russe c'était qui ?")).toMatchObject({ ok: true });
    expect(existsSync(lock)).toBe(false);
  });

  it("a faq.yaml that does not parse is reported, not overwritten", () => {
    const dir = knowledgeCopy();
    writeFileSync(join(dir, "faq.yaml"), "entries: [\n");
    expect(addPhrasing(dir, "chef-delegation", "Qui ?")).toMatchObject({ ok: false, problem: expect.stringContaining("faq.yaml") });
    expect(readFileSync(join(dir, "faq.yaml"), "utf8")).toBe("entries: [\n");
  });
});

describe("addNotInSources", () => {
  it("creates a curated refusal the engine then matches, keeping the rest of the file", () => {
    const dir = knowledgeCopy();
    const before = readFileSync(join(dir, "faq.yaml"), "utf8");
    const question = "Quel est le salaire de Tsivilev ?";
    const result = addNotInSources(dir, question, { now: new Date(Date.UTC(2025, 7, 3)) });
    expect(result).toMatchObject({ ok: true, entryId: "non-couvert-20250803-1" });
    const { removed } = lineChanges(before, readFileSync(join(dir, "faq.yaml"), "utf8"));
    expect(removed).toEqual([]);
    const answer = createEngine(loadKnowledge(dir)).ask(question);
    expect(answer.status).toBe("unanswerable");
    expect(answer.match?.id).toBe("non-couvert-20250803-1");
    expect(answer.text).toContain(NOT_IN_SOURCES.slice(0, 30));
    // A second one the same day gets the next id.
    expect(addNotInSources(dir, "Combien gagne un ministre russe ?", { now: new Date(Date.UTC(2025, 7, 3)) })).toMatchObject({ ok: true, entryId: "non-couvert-20250803-2" });
  });

  it("adds to an existing curated refusal, and refuses an entry that answers", () => {
    const dir = knowledgeCopy();
    const knowledge = loadKnowledge(dir);
    const refusal = knowledge.faq.find((e) => e.unanswered);
    expect(refusal).toBeDefined();
    const question = "Combien a coûté le billet d'avion des Russes ?";
    expect(addNotInSources(dir, question, { entryId: refusal?.id as string })).toMatchObject({ ok: true, entryId: refusal?.id });
    expect(addNotInSources(dir, "Qui ?", { entryId: "chef-delegation" })).toMatchObject({ ok: false, problem: expect.stringContaining("unanswered") });
  });
});
