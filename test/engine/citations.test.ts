/**
 * Citations are sacred: whatever is asked, every excerpt the engine shows is
 * verbatim in its source, in the paragraph it names, and never boilerplate.
 */
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../../src/engine/engine.ts";
import { checkKnowledge } from "../../src/engine/knowledge/check.ts";
import { loadKnowledge } from "../../src/engine/knowledge/load.ts";
import { isVerbatimQuote } from "../../src/engine/knowledge/quotes.ts";
import { loadQuestionSet } from "../../src/eval/question-set.ts";
import { evalEngine } from "../../src/eval/suites.ts";
import { BOILERPLATE_LINES, citationProblems, seededRandom, stripAccents } from "../support/answers.ts";

let engine: Engine;
beforeAll(() => {
  engine = createEngine(loadKnowledge(resolve("knowledge")));
});

/** Asks every question; returns the problems found (question → problem), and how many citations were checked. */
function askAll(questions: string[], asking: Engine = engine): { problems: string[]; citations: number; answered: number } {
  const problems: string[] = [];
  let citations = 0;
  let answered = 0;
  for (const q of questions) {
    const answer = asking.ask(q);
    if (answer.answered) answered++;
    citations += answer.citations.length;
    for (const c of answer.citations) {
      const source = asking.sourceById(c.sourceId);
      if (!source || !isVerbatimQuote(source, c.quote)) problems.push(`${JSON.stringify(q)} → not verbatim: ${c.quote}`);
    }
    for (const p of citationProblems(asking, answer)) problems.push(`${JSON.stringify(q)} → ${p}`);
  }
  return { problems, citations, answered };
}

const phrasings = () => engine.knowledge.faq.flatMap((e) => e.questions);
const tuningQuestions = () => loadQuestionSet(resolve("test/eval/tuning.yaml")).map((i) => i.q);

function variants(questions: string[]): string[] {
  const random = seededRandom(20250728);
  const shuffle = (words: string[]) => {
    const out = [...words];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j] as string, out[i] as string];
    }
    return out;
  };
  const swapLetters = (q: string) => {
    const words = q.split(" ");
    const k = words.reduce((best, w, i) => (w.length > (words[best]?.length ?? 0) ? i : best), 0);
    const w = words[k] ?? "";
    if (w.length >= 5) words[k] = `${w.slice(0, 2)}${w[3]}${w[2]}${w.slice(4)}`;
    return words.join(" ");
  };
  const out = new Set<string>();
  for (const q of questions) {
    out.add(q.toLowerCase());
    out.add(q.toUpperCase());
    out.add(stripAccents(q));
    out.add(q.replace(/[’']/g, " ").replace(/[?!.,;:«»()]/g, ""));
    out.add(shuffle(q.split(/\s+/)).join(" "));
    out.add(stripAccents(shuffle(q.toLowerCase().split(/\s+/)).join(" ")));
    out.add(swapLetters(stripAccents(q.toLowerCase())));
    out.add(`bonjour, ${q} merci`);
  }
  return [...out];
}

describe("citations are sacred", () => {
  it("every FAQ citation in the knowledge is verbatim in its source", () => {
    for (const entry of engine.knowledge.faq) {
      for (const c of entry.citations) {
        const source = engine.sourceById(c.sourceId);
        expect(source && isVerbatimQuote(source, c.quote), `${entry.id}: ${c.quote}`).toBe(true);
        expect(source?.paragraphs[c.paragraph - 1]?.isBoilerplate, entry.id).toBe(false);
      }
    }
  });

  it("every passage is a verbatim sentence of a non-boilerplate paragraph", () => {
    for (const p of engine.knowledge.passages) {
      const paragraph = engine.sourceById(p.sourceId)?.paragraphs[p.paragraph - 1];
      expect(paragraph?.text.includes(p.text), p.id).toBe(true);
      expect(paragraph?.isBoilerplate, p.id).toBe(false);
    }
  });

  it("asking every phrasing of every FAQ entry cites only verbatim excerpts", () => {
    const questions = phrasings();
    expect(questions.length).toBeGreaterThan(100);
    const { problems, citations, answered } = askAll(questions);
    expect(problems).toEqual([]);
    // Each phrasing finds its entry (checkKnowledge checks which); a "the article does not say" entry is a refusal.
    const refusals = engine.knowledge.faq.filter((e) => e.unanswered).reduce((n, e) => n + e.questions.length, 0);
    expect(answered).toBe(questions.length - refusals);
    expect(citations).toBeGreaterThanOrEqual(answered);
  });

  it("asking every question of the tuning set cites only verbatim excerpts", () => {
    const questions = tuningQuestions();
    expect(questions.length).toBeGreaterThan(50);
    const { problems, answered } = askAll(questions);
    expect(problems).toEqual([]);
    expect(answered).toBeGreaterThan(0);
  });

  it("generated variants (case, accents, punctuation, shuffled words, typos) cite only verbatim excerpts", () => {
    const questions = variants([...phrasings(), ...tuningQuestions()]);
    expect(questions.length).toBeGreaterThan(300);
    const { problems, answered } = askAll(questions);
    expect(problems).toEqual([]);
    // Most variants are still answered: the check above is not vacuous.
    expect(answered).toBeGreaterThan(questions.length / 2);
  });

  it("passage answers (not only FAQ answers) cite verbatim excerpts", () => {
    // Sentences of the article, cut up: answered from the passage index rather than the FAQ.
    const questions = engine.knowledge.passages.flatMap((p) => {
      const words = p.text.split(/\s+/);
      return [words.slice(0, 8).join(" "), words.slice(-8).join(" "), words.filter((_, i) => i % 2 === 0).join(" ")];
    });
    const { problems } = askAll(questions);
    expect(problems).toEqual([]);
    const kinds = new Set(questions.map((q) => engine.ask(q).match?.kind));
    expect(kinds.has("passage")).toBe(true);
  });

  it("no citation ever quotes the byline or boilerplate, even when asked for it", () => {
    const questions = [
      ...BOILERPLATE_LINES,
      ...BOILERPLATE_LINES.map((l) => l.toLowerCase()),
      "Qui est El Hadj Sambi Touré ?",
      "Qui a écrit l’article ?",
      "c ki le journaliste",
      "Quel journal a publié cet article ?",
      "Où lire l’article original ?",
      "lien de l'article original",
      "source info matin",
      "EL HADJ SAMBI TOURÉ Info Matin article original",
    ];
    const { problems } = askAll(questions);
    expect(problems).toEqual([]);
    for (const q of questions) {
      for (const c of engine.ask(q).citations) {
        for (const line of BOILERPLATE_LINES) expect(c.quote, q).not.toContain(line);
      }
    }
  });

  it("with updates loaded, answers from them (a sentence and the one it leans on included) cite verbatim excerpts", () => {
    const withUpdates = evalEngine(true);
    const questions = ["tuning", "heldout"].flatMap((name) => loadQuestionSet(resolve(`test/eval/updates/${name}.yaml`)).map((i) => i.q));
    const sentences = withUpdates.knowledge.passages.filter((p) => withUpdates.sourceById(p.sourceId)?.kind === "update").map((p) => p.text.split(/\s+/).slice(0, 10).join(" "));
    const { problems, answered } = askAll([...questions, ...variants(questions), ...sentences], withUpdates);
    expect(problems).toEqual([]);
    expect(answered).toBeGreaterThan(questions.length / 2);
    // Some excerpt holds two sentences: the one that answers and the one it leans on.
    const leaning = questions.map((q) => withUpdates.ask(q)).flatMap((a) => a.citations).filter((c) => withUpdates.knowledge.passages.every((p) => p.text !== c.quote));
    expect(leaning.length).toBeGreaterThan(0);
  });

  it("an update that answers what a curated entry says the article does not is a warning to curators, not an error", () => {
    const withUpdates = evalEngine(true);
    const report = checkKnowledge(withUpdates.knowledge, withUpdates);
    expect(report.warnings.some((w) => /says the sources do not say it, but the update "[^"]+" now answers/.test(w))).toBe(true);
  });

  it("checkKnowledge reports no problems", () => {
    const report = checkKnowledge(engine.knowledge, engine);
    expect(report.problems).toEqual([]);
    expect(report.citations).toBe(engine.knowledge.faq.reduce((n, e) => n + e.citations.length, 0));
    expect(report.phrasings).toBe(phrasings().length);
  });

  it("checkKnowledge reports a frame word that the article uses (it would hide a fact)", () => {
    const knowledge = { ...engine.knowledge, lexicon: { ...engine.knowledge.lexicon, frames: ["uranium"] } };
    const report = checkKnowledge(knowledge, engine);
    expect(report.problems.some((p) => p.includes('frame word "uranium" occurs in passage'))).toBe(true);
  });
});
