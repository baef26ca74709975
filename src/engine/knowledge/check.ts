import type { Engine } from "../engine.ts";
import { foldText, splitWords } from "../normalize/text.ts";
import { admitsAGap } from "./curated-gaps.ts";
import { isVerbatimQuote } from "./quotes.ts";
import type { Knowledge } from "./types.ts";

export interface CheckReport {
  citations: number;
  phrasings: number;
  problems: string[];
  /** Not wrong, but worth a curator's look: an update now answers a curated "the article does not say". */
  warnings: string[];
}

/**
 * The guarantees curators rely on, checked over the whole knowledge base:
 * every citation is verbatim in its source, every passage is a verbatim
 * sentence of its source, and every FAQ entry is what its own phrasings find.
 */
export function checkKnowledge(knowledge: Knowledge, engine: Engine): CheckReport {
  const problems: string[] = [];
  const warnings: string[] = [];
  const sources = new Map(knowledge.sources.map((s) => [s.id, s]));
  let citations = 0;
  let phrasings = 0;
  for (const entry of knowledge.faq) {
    for (const c of entry.citations) {
      citations++;
      const source = sources.get(c.sourceId);
      if (!source || !isVerbatimQuote(source, c.quote)) problems.push(`faq.yaml: entry "${entry.id}": quote not verbatim in ${c.sourceId}: ${c.quote}`);
    }
    for (const question of entry.questions) {
      phrasings++;
      const answer = engine.ask(question);
      const answeredBy = answer.match?.kind === "passage" ? sources.get(answer.citations[0]?.sourceId ?? "") : undefined;
      if (admitsAGap(entry) && answer.answered && answeredBy?.kind === "update") {
        // Newer knowledge wins (engine.ts): the update answers, and the curated refusal no longer holds there.
        warnings.push(`faq.yaml: entry "${entry.id}" says the sources do not say it, but the update "${answeredBy.id}" now answers its phrasing "${question}"; rewrite or remove the entry`);
        continue;
      }
      if (answer.match?.kind !== "faq" || answer.match.id !== entry.id) {
        const got = answer.match ? `${answer.match.kind} "${answer.match.id}"` : `no answer (${answer.status}, score ${answer.score})`;
        problems.push(`faq.yaml: entry "${entry.id}": its phrasing "${question}" finds ${got}; reword it or make it more specific`);
      }
    }
  }
  for (const conflict of engine.lexiconConflicts()) problems.push(`lexicon.yaml: ${conflict}; remove one of them or reword`);
  // A frame word is dropped from every text, the article's included: one that the article uses would hide a fact.
  const frames = new Set(knowledge.lexicon.frames.flatMap((w) => splitWords(foldText(w))));
  for (const p of knowledge.passages) {
    const isUpdate = sources.get(p.sourceId)?.kind === "update";
    for (const word of splitWords(foldText(p.text))) {
      if (!frames.has(word)) continue;
      const message = `lexicon.yaml: frame word "${word}" occurs in passage ${p.id}; a frame word must not be a word of the sources`;
      // An update is written after the lexicon: its words are the curators' to check, not a broken knowledge base.
      (isUpdate ? warnings : problems).push(message);
    }
  }
  for (const p of knowledge.passages) {
    const source = sources.get(p.sourceId);
    if (!source || !source.paragraphs[p.paragraph - 1]?.text.includes(p.text)) problems.push(`passage ${p.id} is not verbatim in its source`);
  }
  return { citations, phrasings, problems, warnings };
}
