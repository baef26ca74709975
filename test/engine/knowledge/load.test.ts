import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KnowledgeError } from "../../../src/engine/knowledge/errors.ts";
import { loadKnowledge } from "../../../src/engine/knowledge/load.ts";
import { derivePassages, splitSentences } from "../../../src/engine/knowledge/passages.ts";
import { isVerbatimQuote, locateQuote } from "../../../src/engine/knowledge/quotes.ts";
import type { Knowledge } from "../../../src/engine/knowledge/types.ts";

// ---------------------------------------------------------------- fixtures

const SOURCE_ID = "demo-2025-01-01";

const SOURCE_META = `id: ${SOURCE_ID}
title: "Un article de test"
outlet: Test Matin
author: Jean Test
date: 2025-01-01
boilerplate:
  - "JEAN TEST"
  - "Source : Test Matin"
`;

const SOURCE_TEXT = [
  "Première phrase du premier paragraphe, écrite à Bamako. Deuxième phrase, avec l’apostrophe courbe ! Troisième ? Oui.",
  "JEAN TEST",
  "",
  "Le troisième paragraphe parle de Bamako et de Niamey. Il cite ensuite Moscou.",
  "1. la première mesure : créer une commission. 2. la seconde mesure.",
  "Source : Test Matin",
  "",
].join("\n");

const FAQ = `topics:
  visite: La visite
entries:
  - id: entree-demo
    topic: visite
    questions:
      - Que dit la première phrase ?
      - premiere phrase
    answer: La première phrase du premier paragraphe.
    citations:
      - source: ${SOURCE_ID}
        quote: "Première phrase du premier paragraphe"
`;

const UPDATE = `---
id: demo-update
date: 2025-08-01
title: Une mise à jour
outlet: Test Soir
author: Marie Test
---
Premier paragraphe de la mise à jour,
écrit sur deux lignes.

Second paragraphe. Avec deux phrases.
`;

type Files = Record<string, string | undefined>;

const BASE: Files = {
  [`sources/${SOURCE_ID}.yaml`]: SOURCE_META,
  [`sources/${SOURCE_ID}.txt`]: SOURCE_TEXT,
  "faq.yaml": FAQ,
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A knowledge directory in a fresh temp dir: BASE with some files replaced (undefined removes one). */
function fixture(overrides: Files = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "knowledge-test-"));
  dirs.push(dir);
  for (const [file, content] of Object.entries({ ...BASE, ...overrides })) {
    if (content === undefined) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content, "utf8");
  }
  return dir;
}

/** The KnowledgeError message loading this fixture throws. */
function loadError(overrides: Files): string {
  const dir = fixture(overrides);
  try {
    loadKnowledge(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeError);
    return (error as Error).message;
  }
  throw new Error("expected loadKnowledge to throw");
}

const faqWithCitation = (quote: string, id = "entree-citation") =>
  FAQ.replace("id: entree-demo", `id: ${id}`).replace('quote: "Première phrase du premier paragraphe"', `quote: ${JSON.stringify(quote)}`);

// ---------------------------------------------------------------- the real knowledge

describe("loadKnowledge on ./knowledge", () => {
  let knowledge: Knowledge;
  beforeAll(() => {
    knowledge = loadKnowledge(resolve("knowledge"));
  });

  it("loads without problems", () => {
    expect(() => loadKnowledge(resolve("knowledge"))).not.toThrow();
    expect(knowledge.sources.length).toBeGreaterThanOrEqual(1);
    expect(knowledge.faq.length).toBeGreaterThan(0);
    expect(knowledge.topics.length).toBeGreaterThan(0);
    expect(knowledge.lexicon.synonyms.length).toBeGreaterThan(0);
  });

  it("reads the article metadata", () => {
    const article = knowledge.sources.find((s) => s.id === "info-matin-2025-07-28");
    expect(article).toMatchObject({
      kind: "article",
      outlet: "Info Matin",
      author: "El Hadj Sambi Touré",
      date: "2025-07-28",
      file: "sources/info-matin-2025-07-28.txt",
    });
    expect(article?.url).toBeUndefined();
  });

  it("numbers the article's lines as paragraphs and flags its boilerplate", () => {
    const article = knowledge.sources.find((s) => s.id === "info-matin-2025-07-28");
    const paragraphs = article?.paragraphs ?? [];
    expect(paragraphs.map((p) => p.number)).toEqual(paragraphs.map((_, i) => i + 1));
    expect(paragraphs.filter((p) => p.isBoilerplate).map((p) => p.text)).toEqual([
      "EL HADJ SAMBI TOURÉ",
      "Source : Info Matin",
      "Lire l’article original ici.",
    ]);
    expect(paragraphs[0]?.text.startsWith("Une délégation de 60 personnes")).toBe(true);
  });

  it("derives passages: one per sentence, numbered by paragraph and sentence, never from boilerplate", () => {
    const boilerplate = new Set(knowledge.sources.flatMap((s) => s.paragraphs.filter((p) => p.isBoilerplate).map((p) => `${s.id}#${p.number}`)));
    expect(knowledge.passages.length).toBeGreaterThan(10);
    for (const p of knowledge.passages) {
      expect(p.id).toBe(`${p.sourceId}#${p.paragraph}.${p.sentence}`);
      expect(boilerplate.has(`${p.sourceId}#${p.paragraph}`), p.id).toBe(false);
      const source = knowledge.sources.find((s) => s.id === p.sourceId);
      expect(source?.paragraphs[p.paragraph - 1]?.text.includes(p.text), p.id).toBe(true);
    }
    const texts = knowledge.passages.map((p) => p.text).join("\n");
    expect(texts).not.toContain("EL HADJ SAMBI TOURÉ");
    expect(texts).not.toContain("Source : Info Matin");
    expect(texts).not.toContain("Lire l’article original ici.");
    expect(knowledge.passages.find((p) => p.id === "info-matin-2025-07-28#1.2")?.text).toBe(
      "La délégation est conduite par le ministre russe de l’Énergie Sergei Tsivilev.",
    );
  });

  it("numbers sentences 1, 2, 3… within each paragraph", () => {
    const byParagraph = new Map<string, number[]>();
    for (const p of knowledge.passages) {
      const key = `${p.sourceId}#${p.paragraph}`;
      byParagraph.set(key, [...(byParagraph.get(key) ?? []), p.sentence]);
    }
    for (const [key, sentences] of byParagraph) expect(sentences, key).toEqual(sentences.map((_, i) => i + 1));
  });

  it('locates "[…]" elision quotes in the paragraph that holds every part', () => {
    const elided = knowledge.faq.flatMap((e) => e.citations.filter((c) => c.quote.includes("[…]")).map((c) => ({ entry: e.id, ...c })));
    expect(elided.length).toBeGreaterThan(0);
    const paragraphsOf = (...fragments: string[]) =>
      [...new Set(elided.filter((c) => fragments.every((f) => c.quote.includes(f))).map((c) => c.paragraph))];
    // "La délégation russe a été accueillie … par les Ministres […] et le Général de Division Alou Boï Diarra…": §1
    expect(paragraphsOf("Ministres […]", "Alou Boï Diarra")).toEqual([1]);
    // "La délégation russe, comprenant des représentants de plusieurs ministères russes […] et de grandes entreprises publiques…": §2
    expect(paragraphsOf("ministères russes […]", "entreprises publiques")).toEqual([2]);
    for (const c of elided) {
      const source = knowledge.sources.find((s) => s.id === c.sourceId);
      const paragraph = source?.paragraphs[c.paragraph - 1];
      expect(paragraph?.isBoilerplate, c.entry).toBe(false);
      let from = 0;
      for (const part of c.quote.split("[…]").map((s) => s.trim())) {
        const at = paragraph?.text.indexOf(part, from) ?? -1;
        expect(at, `${c.entry}: "${part}"`).toBeGreaterThanOrEqual(0);
        from = at + part.length;
      }
    }
  });

  it("computes the paragraph of every FAQ citation", () => {
    for (const entry of knowledge.faq) {
      for (const c of entry.citations) {
        const source = knowledge.sources.find((s) => s.id === c.sourceId);
        expect(source, entry.id).toBeDefined();
        expect(locateQuote(source!, c.quote), entry.id).toEqual({ paragraph: c.paragraph });
      }
    }
  });
});

// ---------------------------------------------------------------- fixture knowledge: valid

describe("loadKnowledge on a fixture directory", () => {
  it("loads a minimal valid knowledge directory (lexicon optional)", () => {
    const knowledge = loadKnowledge(fixture());
    expect(knowledge.sources.map((s) => s.id)).toEqual([SOURCE_ID]);
    expect(knowledge.lexicon).toEqual({ synonyms: [], spellings: {}, event: [], frames: [] });
    expect(knowledge.topics).toEqual([{ id: "visite", label: "La visite" }]);
    expect(knowledge.faq[0]?.citations).toEqual([{ sourceId: SOURCE_ID, quote: "Première phrase du premier paragraphe", paragraph: 1 }]);
    // An unquoted YAML date comes back as YYYY-MM-DD.
    expect(knowledge.sources[0]?.date).toBe("2025-01-01");
  });

  it("numbers non-empty lines as paragraphs, boilerplate included but flagged", () => {
    const [source] = loadKnowledge(fixture()).sources;
    expect(source?.paragraphs.map((p) => [p.number, p.isBoilerplate, p.text.slice(0, 12)])).toEqual([
      [1, false, "Première phr"],
      [2, true, "JEAN TEST"],
      [3, false, "Le troisième"],
      [4, false, "1. la premiè"],
      [5, true, "Source : Tes"],
    ]);
  });

  it("derives passages per sentence, with paragraph and sentence numbers, skipping boilerplate", () => {
    const knowledge = loadKnowledge(fixture());
    expect(knowledge.passages.map((p) => [p.id, p.text])).toEqual([
      [`${SOURCE_ID}#1.1`, "Première phrase du premier paragraphe, écrite à Bamako."],
      [`${SOURCE_ID}#1.2`, "Deuxième phrase, avec l’apostrophe courbe !"],
      [`${SOURCE_ID}#1.3`, "Troisième ?"],
      [`${SOURCE_ID}#1.4`, "Oui."],
      [`${SOURCE_ID}#3.1`, "Le troisième paragraphe parle de Bamako et de Niamey."],
      [`${SOURCE_ID}#3.2`, "Il cite ensuite Moscou."],
      [`${SOURCE_ID}#4.1`, "1. la première mesure : créer une commission."],
      [`${SOURCE_ID}#4.2`, "2. la seconde mesure."],
    ]);
    expect(knowledge.passages.every((p) => p.sourceId === SOURCE_ID)).toBe(true);
    expect(derivePassages(knowledge.sources[0]!)).toEqual(knowledge.passages);
  });

  it("loads updates (front matter + paragraphs separated by blank lines) and lets the FAQ cite them", () => {
    const faq = `${FAQ}
  - id: entree-update
    topic: visite
    questions: [Que dit la mise à jour ?, mise a jour]
    answer: Elle a deux paragraphes.
    citations:
      - source: demo-update
        quote: "Second paragraphe."
`;
    const knowledge = loadKnowledge(fixture({ "updates/demo-update.md": UPDATE, "faq.yaml": faq }));
    const update = knowledge.sources.find((s) => s.id === "demo-update");
    expect(update).toMatchObject({ kind: "update", outlet: "Test Soir", author: "Marie Test", date: "2025-08-01", file: "updates/demo-update.md" });
    expect(update?.paragraphs).toEqual([
      { number: 1, text: "Premier paragraphe de la mise à jour, écrit sur deux lignes.", isBoilerplate: false },
      { number: 2, text: "Second paragraphe. Avec deux phrases.", isBoilerplate: false },
    ]);
    expect(knowledge.passages.filter((p) => p.sourceId === "demo-update").map((p) => p.id)).toEqual([
      "demo-update#1.1",
      "demo-update#2.1",
      "demo-update#2.2",
    ]);
    expect(knowledge.faq.find((e) => e.id === "entree-update")?.citations[0]).toEqual({
      sourceId: "demo-update",
      quote: "Second paragraphe.",
      paragraph: 2,
    });
  });
});

// ---------------------------------------------------------------- fixture knowledge: errors name file, entry, field

describe("loadKnowledge errors name the file, the entry and the field", () => {
  it("a FAQ quote that is not verbatim", () => {
    const message = loadError({ "faq.yaml": faqWithCitation("Premiere phrase du premier paragraphe") });
    expect(message).toContain("faq.yaml");
    expect(message).toContain('"entree-citation"');
    expect(message).toContain("citations[0].quote");
    expect(message).toContain("not verbatim");
    expect(message).toContain(`sources/${SOURCE_ID}.txt`);
  });

  it("a quote with a straight apostrophe where the source has a curly one (and says so)", () => {
    const message = loadError({ "faq.yaml": faqWithCitation("avec l'apostrophe courbe") });
    expect(message).toMatch(/faq\.yaml: entry #1 "entree-citation", field citations\[0\]\.quote: .*not verbatim/);
    expect(message).toContain("’");
  });

  it("the second citation is named by its own index", () => {
    const faq = FAQ.replace(
      'quote: "Première phrase du premier paragraphe"',
      'quote: "Première phrase du premier paragraphe"\n      - source: demo-2025-01-01\n        quote: "Phrase inventée."',
    );
    const message = loadError({ "faq.yaml": faq });
    expect(message).toContain('"entree-demo", field citations[1].quote');
    expect(message).not.toContain("citations[0]");
  });

  it("an unknown topic", () => {
    const message = loadError({ "faq.yaml": FAQ.replace("topic: visite", "topic: meteo") });
    expect(message).toContain("faq.yaml");
    expect(message).toContain('"entree-demo"');
    expect(message).toContain("field topic");
    expect(message).toContain('"meteo"');
    expect(message).toContain("visite"); // the known topics are listed
  });

  it("an unknown source", () => {
    const message = loadError({ "faq.yaml": FAQ.replace(`source: ${SOURCE_ID}`, "source: autre-source") });
    expect(message).toContain('faq.yaml: entry #1 "entree-demo", field citations[0].source');
    expect(message).toContain('"autre-source"');
    expect(message).toContain(SOURCE_ID);
  });

  it("a missing field (zod)", () => {
    const message = loadError({ "faq.yaml": FAQ.replace("    answer: La première phrase du premier paragraphe.\n", "") });
    expect(message).toContain("faq.yaml");
    expect(message).toContain('"entree-demo"');
    expect(message).toMatch(/field entries\[0\]\.answer/);
  });

  it("too few phrasings, and an unknown key (zod)", () => {
    const faq = FAQ.replace("      - premiere phrase\n", "").replace("    answer:", "    reponse: oui\n    answer:");
    const message = loadError({ "faq.yaml": faq });
    expect(message).toMatch(/faq\.yaml: entry #1 "entree-demo", field entries\[0\]\.questions: give at least two phrasings/);
    expect(message).toContain("reponse");
  });

  it("a date that is not YYYY-MM-DD in sources/<id>.yaml", () => {
    const message = loadError({ [`sources/${SOURCE_ID}.yaml`]: SOURCE_META.replace("date: 2025-01-01", 'date: "01/01/2025"') });
    expect(message).toContain(`sources/${SOURCE_ID}.yaml`);
    expect(message).toContain("field date");
    expect(message).toContain("YYYY-MM-DD");
  });

  it("a date with an impossible month in sources/<id>.yaml", () => {
    const message = loadError({ [`sources/${SOURCE_ID}.yaml`]: SOURCE_META.replace("date: 2025-01-01", 'date: "2025-13-01"') });
    expect(message).toContain(`sources/${SOURCE_ID}.yaml: field date: not a real calendar date`);
  });

  // Regression test (was a bug): the check is Date.parse, which V8 accepts for 2025-02-30 (rolling over to March 2).
  it("a date with an impossible day (30 February) in sources/<id>.yaml", () => {
    const message = loadError({ [`sources/${SOURCE_ID}.yaml`]: SOURCE_META.replace("date: 2025-01-01", 'date: "2025-02-30"') });
    expect(message).toContain(`sources/${SOURCE_ID}.yaml: field date`);
  });

  it("an update whose front matter lacks a field", () => {
    const message = loadError({ "updates/demo-update.md": UPDATE.replace("author: Marie Test\n", "") });
    expect(message).toContain("updates/demo-update.md");
    expect(message).toContain("front matter");
    expect(message).toContain("field author");
  });

  it("an update without front matter, or with a bad date", () => {
    expect(loadError({ "updates/demo-update.md": "Juste du texte.\n" })).toContain("updates/demo-update.md: must start with a front matter block");
    const message = loadError({ "updates/demo-update.md": UPDATE.replace("date: 2025-08-01", "date: hier") });
    expect(message).toContain("updates/demo-update.md: front matter, field date");
  });

  it("an update whose id does not match its file name", () => {
    const message = loadError({ "updates/demo-update.md": UPDATE.replace("id: demo-update", "id: autre-update") });
    expect(message).toContain("updates/demo-update.md");
    expect(message).toContain("field id");
    expect(message).toContain('"autre-update" must match the file name (demo-update)');
  });

  it("a source whose id does not match its file name", () => {
    const message = loadError({ [`sources/${SOURCE_ID}.yaml`]: SOURCE_META.replace(`id: ${SOURCE_ID}`, "id: autre-id") });
    expect(message).toContain(`sources/${SOURCE_ID}.yaml: field id: "autre-id" must match the file name (${SOURCE_ID})`);
  });

  it("a quote citing boilerplate", () => {
    const message = loadError({ "faq.yaml": faqWithCitation("JEAN TEST") });
    expect(message).toContain('faq.yaml: entry #1 "entree-citation", field citations[0].quote');
    expect(message).toContain("boilerplate (§2)");
    const inline = loadError({ "faq.yaml": faqWithCitation("Source : Test […] Matin") });
    expect(inline).toContain("boilerplate (§5)");
  });

  it("a boilerplate line that is not a whole line of the text", () => {
    const message = loadError({ [`sources/${SOURCE_ID}.yaml`]: SOURCE_META.replace('"JEAN TEST"', '"JEAN"') });
    expect(message).toContain(`sources/${SOURCE_ID}.yaml: field boilerplate: "JEAN"`);
  });

  it("a source whose text file is missing", () => {
    const message = loadError({ [`sources/${SOURCE_ID}.txt`]: undefined });
    expect(message).toContain(`sources/${SOURCE_ID}.yaml: the text sources/${SOURCE_ID}.txt is missing`);
  });

  it("a duplicate FAQ id", () => {
    const entry = FAQ.slice(FAQ.indexOf("  - id: entree-demo"));
    const message = loadError({ "faq.yaml": FAQ + entry });
    expect(message).toContain('faq.yaml: entry #2 "entree-demo", field id: duplicate id');
  });

  it("more than one overview entry", () => {
    const overview = FAQ.replace("    answer:", "    overview: true\n    answer:");
    const second = overview.slice(overview.indexOf("  - id: entree-demo")).replace("entree-demo", "entree-bis");
    const message = loadError({ "faq.yaml": overview + second });
    expect(message).toContain('faq.yaml: entries "entree-demo", "entree-bis" all have overview: true; keep it on one entry');
  });

  it("YAML that does not parse", () => {
    const message = loadError({ "faq.yaml": "topics: [unclosed\n" });
    expect(message).toContain("faq.yaml: cannot be read as YAML");
  });

  it("a lexicon with a one-form synonym group", () => {
    const message = loadError({ "lexicon.yaml": "synonyms:\n  - [seul]\n" });
    expect(message).toContain("lexicon.yaml: group #1, field synonyms[0]: a synonym group needs at least two forms");
  });

  it("reports every problem at once, with their count", () => {
    const message = loadError({
      "faq.yaml": faqWithCitation("JEAN TEST").replace("topic: visite", "topic: meteo"),
      "updates/demo-update.md": UPDATE.replace("author: Marie Test\n", ""),
    });
    expect(message).toMatch(/^The knowledge base has 3 problem\(s\):\n/);
    expect(message).toContain("field topic");
    expect(message).toContain("citations[0].quote");
    expect(message).toContain("updates/demo-update.md");
  });

  it("a missing knowledge directory, or one without sources", () => {
    expect(() => loadKnowledge(join(tmpdir(), "no-such-knowledge-dir-for-tests"))).toThrow(KnowledgeError);
    expect(() => loadKnowledge(join(tmpdir(), "no-such-knowledge-dir-for-tests"))).toThrow(/knowledge directory not found/);
    const message = loadError({ [`sources/${SOURCE_ID}.yaml`]: undefined, [`sources/${SOURCE_ID}.txt`]: undefined });
    expect(message).toContain("sources/: no source found");
  });
});

// ---------------------------------------------------------------- quotes and sentences, directly

describe("locateQuote / isVerbatimQuote", () => {
  const [source] = loadKnowledge(fixture()).sources;
  if (!source) throw new Error("fixture source missing");

  it("finds a plain quote's paragraph", () => {
    expect(locateQuote(source, "Il cite ensuite Moscou.")).toEqual({ paragraph: 3 });
    expect(isVerbatimQuote(source, "Il cite ensuite Moscou.")).toBe(true);
  });

  it('finds an elision quote in the one paragraph holding all its parts in order, not the first holding one part', () => {
    // "Bamako" is in §1 and §3; "Moscou" only in §3.
    expect(locateQuote(source, "Bamako […] Moscou.")).toEqual({ paragraph: 3 });
    expect(locateQuote(source, "Première phrase […] Troisième ? […] Oui.")).toEqual({ paragraph: 1 });
  });

  it("rejects parts out of order or spread over two paragraphs", () => {
    expect(locateQuote(source, "Moscou. […] Bamako")).toEqual({ problem: expect.stringContaining("not in order within one paragraph") });
    expect(locateQuote(source, "Oui. […] Moscou.")).toEqual({ problem: expect.stringContaining("not in order within one paragraph") });
    expect(isVerbatimQuote(source, "Oui. […] Moscou.")).toBe(false);
  });

  it("rejects an elision without text on both sides", () => {
    expect(locateQuote(source, "[…] Moscou.")).toEqual({ problem: expect.stringContaining("non-empty") });
    expect(locateQuote(source, "Oui. […]")).toEqual({ problem: expect.stringContaining("non-empty") });
  });

  it("rejects a quote differing by one character, and boilerplate", () => {
    expect(isVerbatimQuote(source, "Il cite ensuite Moscou !")).toBe(false);
    expect(isVerbatimQuote(source, "avec l'apostrophe courbe")).toBe(false);
    expect(isVerbatimQuote(source, "avec l’apostrophe courbe")).toBe(true);
    expect(isVerbatimQuote(source, "JEAN TEST")).toBe(false);
  });

  it("splits sentences at end punctuation followed by a capital, digit or quote", () => {
    expect(splitSentences("Un. Deux ! Trois ? « Quatre. » 5 ans… Six")).toEqual(["Un.", "Deux !", "Trois ?", "« Quatre. » 5 ans…", "Six"]);
    expect(splitSentences("M. le ministre. puis la suite")).toEqual(["M. le ministre. puis la suite"]);
  });
});
