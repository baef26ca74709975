import type { Engine } from "../engine.ts";
import { foldText, splitWords } from "../normalize/text.ts";
import { isVerbatimQuote } from "./quotes.ts";
import type { Knowledge } from "./types.ts";

export interface CheckReport {
  citations: number;
  phrasings: number;
  problems: string[];
}

/**
 * The guarantees curators rely on, checked over the whole knowledge base:
 * every citation is verbatim in its source, every passage is a verbatim
 * sentence of its source, and every FAQ entry is what its own phrasings find.
 */
export function checkKnowledge(knowledge: Knowledge, engine: Engine): CheckReport {
  const problems: string[] = [];
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
    for (const word of splitWords(foldText(p.text))) {
      if (frames.has(word)) problems.push(`lexicon.yaml: frame word "${word}" occurs in passage ${p.id}; a frame word must not be a word of the sources`);
    }
  }
  for (const p of knowledge.passages) {
    const source = sources.get(p.sourceId);
    if (!source || !source.paragraphs[p.paragraph - 1]?.text.includes(p.text)) problems.push(`passage ${p.id} is not verbatim in its source`);
  }
  return { citations, phrasings, problems };
}
