import { describe, expect, it } from "vitest";
import { createDetailReader } from "../../src/engine/details-asked.ts";
import { Analyzer } from "../../src/engine/normalize/analyzer.ts";
import type { Query, QueryTerm, ScoredPassage } from "../../src/engine/search/knowledge-index.ts";

const analyzer = new Analyzer({ synonyms: [["Mali", "malien", "malienne"], ["Russie", "russe"]], spellings: {} });
const known = new Set(["president", "rao", "inter", "diema", "puits", "mali", "russie", "secretariat", "gouverneur"].map((w) => analyzer.stem(w)));
const reader = createDetailReader({ analyzer, isKnownTerm: (t) => known.has(t) || ["mali", "russie"].includes(t), eventTerms: new Set(), isDictionaryWord: (w) => !["diema", "rao"].includes(w) });

function query(text: string): Query {
  const terms: QueryTerm[] = analyzer.analyze(text).filter((t) => !t.isIntent).map((t) => ({ term: t.term, weight: 1, known: true, credit: 1, surface: t.surface }));
  return { text, terms, intents: new Set(), contentWeight: terms.length, ownWeight: terms.length, unknown: [] };
}
let sentences = 0;
const termsOf = (t: string) => new Set(analyzer.analyze(t).map((x) => x.term));
function sentence(text: string, surrounding: string[] = [], topic = ""): ScoredPassage {
  return { passage: { id: `p${++sentences}`, sourceId: "s", paragraph: 1, sentence: 1, text }, coverage: 1, rank: 1, terms: termsOf(text), surroundingTerms: surrounding.map(termsOf), topicTerms: termsOf(topic) };
}

describe("details a question asks beyond its words", () => {
  it("a side: 'côté russe', or a role qualified by a nationality", () => {
    expect(reader.detailsOf(query("qui dirige le secrétariat côté russe ?"), "agent").side?.term).toBe(analyzer.analyze("russe")[0]?.term);
    const asked = reader.detailsOf(query("qui est le chef russe du secrétariat ?"), "agent");
    expect(asked.side?.word).toBe("russe");
    expect(reader.onSide(sentence("Le secrétariat est dirigé côté malien par Mme Sangaré."), asked)).toBe(false);
    expect(reader.onSide(sentence("Le secrétariat est dirigé par Mme Sangaré."), asked)).toBe(true);
  });

  it("the role whose holder is asked, but not a role that only says who is in charge", () => {
    const president = reader.detailsOf(query("Qui est le président d'Inter RAO ?"), "agent");
    expect(president.role).toBeDefined();
    expect(reader.holdsRoleAndAge(sentence("Le vicepresident d'Inter RAO, Mikhaïl Sokolov, a signé."), president)).toBe(false);
    expect(reader.detailsOf(query("Qui est le responsable du secrétariat ?"), "agent").role).toBeUndefined();
    // (Also right after "qui", as "Who is the president of…?" reads in French, the article dropped.)
    expect(reader.detailsOf(query("qui president de Inter RAO ?"), "agent").role).toBe(president.role);
  });

  it("the names it gives, told by the sentence or by what its source is about, not by a sentence beside it", () => {
    const asked = reader.detailsOf(query("combien de puits à Diéma ?"), "number");
    expect(asked.names).toEqual([analyzer.stem("diema")]);
    expect(reader.namesUntold(sentence("Rusgidro a construit 35 puits à Nioro."), asked)).toEqual(asked.names);
    expect(reader.namesUntold(sentence("Rusgidro a construit 35 puits.", ["Une tranche sera lancée près de Diéma."]), asked)).toEqual(asked.names);
    expect(reader.namesUntold(sentence("Rusgidro a construit 35 puits.", [], "Des puits à Diéma"), asked)).toEqual([]);
    expect(reader.entryTells(new Set([analyzer.stem("puits")]), asked)).toBe(false);
  });
});
