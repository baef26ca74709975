import { describe, expect, it } from "vitest";
import { Analyzer, namesIn, type Corrector, type Lexicon, type Token } from "../../../src/engine/normalize/analyzer.ts";
import { stemFrench } from "../../../src/engine/normalize/stem.ts";
import { generalSynonyms } from "../../../src/engine/normalize/language-data.ts";

const LEXICON: Lexicon = {
  synonyms: [
    ["conduire", "diriger", "mener", "à la tête de", "chef"],
    ["délégation", "mission", "équipe"],
    ["entreprise", "société", "boîte"],
    ["Mali", "notre pays", "malien"],
    ["chemin de fer", "train", "rail"],
  ],
  spellings: { tsivilyov: "tsivilev", sergey: "sergei", interrao: "inter rao", bko: "bamako" },
};

const analyzer = new Analyzer(LEXICON);
const terms = (text: string, corrector?: Corrector) => analyzer.analyze(text, corrector).map((t) => t.term);
const contentTerms = (text: string) => analyzer.analyze(text).filter((t) => !t.isIntent).map((t) => t.term);
const intents = (text: string) => analyzer.analyze(text).filter((t) => t.isIntent).map((t) => t.term);

// Group terms: the content stems of each group's first form.
const CONDUIRE = analyzer.stem("conduire");
const DELEGATION = analyzer.stem("delegation");
const ENTREPRISE = analyzer.stem("entreprise");

describe("Analyzer.words", () => {
  it("reads a number word typed with a doubled letter as the number ('deuxiemme' as 'deuxième')", () => {
    expect(analyzer.words("la deuxiemme session")).toEqual(analyzer.words("la deuxième session"));
    expect(analyzer.words("la troisiemme")).toEqual(analyzer.words("la troisième"));
    // A word with a doubled letter that is no number word stays as it is.
    expect(analyzer.words("la commission")).toEqual(["la", "commission"]);
  });

  it("applies SMS spellings", () => {
    expect(analyzer.words("c ki le chef")).toEqual(["cest", "qui", "le", "chef"]);
    expect(analyzer.words("kel boite pr le nucleaire")).toEqual(["quel", "boite", "pour", "le", "nucleaire"]);
    // (Common ones the list first lacked: "tps", "pdt", "qqn", "mtn", "pcq".)
    expect(analyzer.words("cmb de tps pdt les travaux")).toEqual(["combien", "de", "temps", "pendant", "les", "travaux"]);
    expect(analyzer.words("qqn sait mtn pcq")).toEqual(["quelqu", "un", "sait", "maintenant", "parce", "que"]);
  });

  it("applies name spellings from the lexicon, including multi-word canonical forms", () => {
    expect(analyzer.words("Sergey Tsivilyov à BKO")).toEqual(["sergei", "tsivilev", "a", "bamako"]);
    expect(analyzer.words("interrao")).toEqual(["inter", "rao"]);
  });

  it("shortens letters stretched for emphasis and drops @mentions", () => {
    expect(analyzer.words("c kiiii le chef ???")).toEqual(analyzer.words("c ki le chef"));
    expect(analyzer.words("combiennnn")).toEqual(["combien"]);
    expect(analyzer.words("@mon_bot qui dirige")).toEqual(["qui", "dirige"]);
    expect(analyzer.words("appelle")).toEqual(["appelle"]);
  });

  it("reads 'à partir de' as 'depuis', not as the verb 'partir' (to leave)", () => {
    expect(analyzer.words("À partir de quand ?")).toEqual(["depuis", "de", "quand"]);
    expect(analyzer.words("la délégation va partir de Bamako")).toContain("partir");
  });

  it("keeps stopwords (phrases need them)", () => {
    expect(analyzer.words("à la tête de")).toEqual(["a", "la", "tete", "de"]);
  });
});

describe("namesIn", () => {
  it("finds names inside a sentence and acronyms, not a capital that only starts a sentence", () => {
    expect([...namesIn("Les Russes sont-ils allés à Gao ?")]).toEqual(["russes", "gao"]);
    expect([...namesIn("L'ONU était là. Et la CEDEAO ?")]).toEqual(["onu", "cedeao"]);
    expect([...namesIn("Qui dirigeait ? Kati peut-être")]).toEqual([]);
    expect([...namesIn("C KI LE CHEF DE LA DLG FRR ?")]).toEqual([]);
  });
});

describe("Analyzer.analyze", () => {
  it('turns SMS "c ki" into the intent ?qui and drops "c" (c\'est)', () => {
    const tokens = analyzer.analyze("c ki le chef");
    expect(tokens.map((t) => t.term)).toEqual(["?qui", CONDUIRE]);
    expect(tokens[0]).toMatchObject({ term: "?qui", isIntent: true });
  });

  it("marks question words as intents, not content", () => {
    expect(intents("Qui ? Quand ? Combien ? Pourquoi ? Comment ?")).toEqual(["?qui", "?quand", "?combien", "?pourquoi", "?comment"]);
    expect(contentTerms("Qui ? Quand ? Combien ?")).toEqual([]);
  });

  it("maps name spellings to one term", () => {
    expect(contentTerms("Tsivilyov")).toEqual(contentTerms("Tsivilev"));
    expect(contentTerms("Sergey Tsivilyov")).toEqual(["sergei", "tsivilev"]);
  });

  it('matches multi-word lexicon phrases ("à la tête de") as one term', () => {
    const tokens = analyzer.analyze("Qui était à la tête de la délégation ?");
    expect(tokens.map((t) => t.term)).toEqual(["?qui", CONDUIRE, DELEGATION]);
    expect(tokens[1]).toMatchObject({ surface: "a la tete de", isIntent: false });
  });

  it("matches phrases whatever the accents and case", () => {
    expect(contentTerms("A LA TETE DE la mission")).toEqual([CONDUIRE, DELEGATION]);
    expect(contentTerms("le chemin de fer")).toEqual(contentTerms("les trains"));
  });

  it("does not take a partial phrase for the phrase", () => {
    expect(contentTerms("la tête")).toEqual([stemFrench("tete")]);
  });

  it("maps every synonym of a group (and its inflections) to the same term", () => {
    for (const form of ["conduire", "dirige", "dirigeait", "diriger", "mener", "chef", "chefs"]) {
      expect(contentTerms(form), form).toEqual([CONDUIRE]);
    }
    for (const form of ["délégation", "délégations", "mission", "missions", "équipe"]) expect(contentTerms(form), form).toEqual([DELEGATION]);
    for (const form of ["entreprise", "sociétés", "boîte", "boite"]) expect(contentTerms(form), form).toEqual([ENTREPRISE]);
    expect(contentTerms("notre pays")).toEqual(contentTerms("malienne"));
    expect(contentTerms("Mali")).toEqual(contentTerms("maliens"));
  });

  it("inflects the tenir/venir family and the -uire verbs too", () => {
    const family = new Analyzer({ synonyms: [["soutien", "soutenir"], ["conduire", "diriger"]], spellings: {} });
    const termsOf = (text: string) => family.analyze(text).map((t) => t.term);
    for (const form of ["soutient", "soutiennent", "soutenu", "soutenait"]) expect(termsOf(form), form).toEqual(termsOf("soutien"));
    for (const form of ["conduisait", "conduisent", "conduite"]) expect(termsOf(form), form).toEqual(termsOf("diriger"));
  });

  it("drops curated frame words like stopwords", () => {
    const framed = new Analyzer({ ...LEXICON, frames: ["professeur", "pour mon cours"] });
    expect(framed.analyze("mon professeur demande qui dirige").map((t) => t.term)).toEqual(analyzer.analyze("demande qui dirige").map((t) => t.term));
    expect(framed.isStopword("cours")).toBe(true);
    expect(analyzer.isStopword("professeur")).toBe(false);
  });

  it("drops stopwords", () => {
    expect(terms("le la les de des du un une et est dans pour avec")).toEqual([]);
    expect(contentTerms("Est-ce que la délégation est arrivée ?")).toEqual([DELEGATION, stemFrench("arrivee")]);
  });

  it('turns "où" and "d’où" into the intent ?ou', () => {
    expect(intents("Où est la délégation ?")).toEqual(["?ou"]);
    expect(intents("D’où venait la mission ?")).toEqual(["?ou"]);
    expect(intents("d'où venait la mission ?")).toEqual(["?ou"]);
    expect(intents("OÙ ?")).toEqual(["?ou"]);
    // Without the accent, "d'ou" is still unambiguous.
    expect(intents("la mission venait d'ou")).toEqual(["?ou"]);
    expect(intents("la mission venait d’ou")).toEqual(["?ou"]);
    // Nor opening or closing a question: "or" stands between two things.
    expect(intents("Ou siegera le secretariat ?")).toEqual(["?ou"]);
    expect(intents("ils l'ont signe ou ?")).toEqual(["?ou"]);
  });

  it('reads "%" as the word it stands for', () => {
    expect(analyzer.words("à 49 % par le groupe")).toContain("pourcent");
  });

  it('does not take "ou" (or) for "où"', () => {
    expect(terms("Niamey ou Moscou ?")).toEqual(["niamey", "moscou"]);
    expect(terms("ou bien")).toEqual([]);
    expect(intents("Ouagadougou ou Bamako")).toEqual([]);
    expect(intents("le Nouvel An")).toEqual([]);
    expect(intents("à Bamako ou à Niamey ?")).toEqual([]);
  });

  it("gives the surface (folded input words) of each token", () => {
    const tokens = analyzer.analyze("Les Sociétés RUSSES");
    expect(tokens.map((t) => t.surface)).toEqual(["societes", "russes"]);
  });

  it("gives the same terms to a question and to the knowledge text it should match", () => {
    const question = contentTerms("qui dirigeait la mission ?");
    const knowledge = contentTerms("La mission est dirigée par le ministre");
    expect(knowledge).toEqual(expect.arrayContaining(question));
  });

  it("handles empty and wordless input", () => {
    expect(analyzer.analyze("")).toEqual([]);
    expect(analyzer.analyze("?!… 😀")).toEqual([]);
  });
});

describe("Analyzer.analyze with a Corrector", () => {
  const KNOWN = new Set([CONDUIRE, DELEGATION, "tsivilev", "rosatom"]);
  const WORDS: Record<string, string> = { delegasion: "delegation", rosatome: "rosatom", histoir: "histoire", kestion: "question" };
  const TERMS: Record<string, string> = { [stemFrench("dirije")]: stemFrench("dirige"), tsivilv: "tsivilev" };
  const calls: string[] = [];
  const corrector: Corrector = {
    isKnownTerm: (term) => KNOWN.has(term),
    isDictionaryWord: () => false,
    correctWord: (word) => {
      calls.push(`word:${word}`);
      return WORDS[word];
    },
    correctTerm: (term) => {
      calls.push(`term:${term}`);
      return TERMS[term];
    },
  };
  const analyzeWith = (text: string): Token[] => analyzer.analyze(text, corrector);

  it("corrects an unknown word at word level first", () => {
    const [token] = analyzeWith("delegasion");
    expect(token).toEqual({ term: DELEGATION, surface: "delegation", isIntent: false, correctedFrom: "delegasion" });
  });

  it("falls back to stem level, and maps the corrected stem through the lexicon", () => {
    const [token] = analyzeWith("dirije");
    // "dirije" → stem "dirij" → known stem "dirig", which the lexicon maps to the group term.
    expect(token).toEqual({ term: CONDUIRE, surface: "dirije", isIntent: false, correctedFrom: "dirije" });
    expect(analyzeWith("tsivilv")[0]).toMatchObject({ term: "tsivilev", correctedFrom: "tsivilv" });
  });

  it("drops a word whose correction is a stopword", () => {
    expect(analyzeWith("histoir kestion").map((t) => t.term)).toEqual([]);
    expect(analyzeWith("qui a dirije la delegasion dans cette histoir").map((t) => t.term)).toEqual(["?qui", CONDUIRE, DELEGATION]);
  });

  it("keeps an uncorrectable unknown word as it is", () => {
    expect(analyzeWith("zanzibar")).toEqual([{ term: stemFrench("zanzibar"), surface: "zanzibar", isIntent: false }]);
  });

  it("asks nothing about known terms, intents or stopwords", () => {
    calls.length = 0;
    const tokens = analyzeWith("Qui dirigeait la délégation de Tsivilev ?");
    expect(tokens.map((t) => t.term)).toEqual(["?qui", CONDUIRE, DELEGATION, "tsivilev"]);
    expect(tokens.every((t) => t.correctedFrom === undefined)).toBe(true);
    expect(calls).toEqual([]);
  });

  it("only corrects when a corrector is given", () => {
    expect(analyzer.analyze("delegasion")).toEqual([{ term: stemFrench("delegasion"), surface: "delegasion", isIntent: false }]);
  });
});

describe("Analyzer lexicon exports", () => {
  it("lists the stems the lexicon maps (typo targets)", () => {
    expect(analyzer.lexiconStems()).toEqual(expect.arrayContaining([stemFrench("diriger"), stemFrench("mission"), stemFrench("societe")]));
  });

  it("lists every folded single word of the lexicon", () => {
    expect(analyzer.lexiconForms()).toEqual(expect.arrayContaining(["tsivilev", "inter", "rao", "delegation", "societe", "boite", "tete"]));
  });

  it("works with an empty lexicon", () => {
    const bare = new Analyzer({ synonyms: [], spellings: {} });
    expect(bare.analyze("c ki a dirigé la délégation").map((t) => t.term)).toEqual(["?qui", stemFrench("dirige"), DELEGATION]);
  });
});

describe("lexicon conflicts", () => {
  it("reports a form that another group already claimed (the first group wins)", () => {
    const analyzer = new Analyzer({ synonyms: [["journal", "média"], ["auteur", "journaux"]], spellings: {} });
    expect(analyzer.conflicts).toHaveLength(1);
    expect(analyzer.conflicts[0]).toContain('"journaux"');
    expect(analyzer.analyze("journaux").map((t) => t.term)).toEqual(["journal"]);
  });

  it("reports nothing for a clean lexicon", () => {
    expect(new Analyzer({ synonyms: [["train", "rail"], ["avion", "vol"]], spellings: {} }).conflicts).toEqual([]);
  });
});

describe("Analyzer.isStopword", () => {
  it("reads the plural of a listed noun as the noun (a plural must not be content where the singular is not)", () => {
    expect(analyzer.isStopword("texte")).toBe(true);
    expect(analyzer.isStopword("textes")).toBe(true);
    expect(contentTerms("combien de textes signés")).toEqual(contentTerms("combien de texte signé"));
    // Only a plural whose lemma is the listed word: "plus" is not the plural of "plu".
    expect(analyzer.isStopword("accords")).toBe(false);
  });
});

describe("Analyzer.stem with the Lefff", () => {
  const french = new Analyzer(LEXICON);
  it("keeps a noun in -ment that is no verb's apart from the shorter word ('département' is not 'départ')", () => {
    expect(french.stem("departement")).not.toBe(french.stem("depart"));
    expect(french.stem("departements")).toBe(french.stem("departement"));
    // A noun the Lefff reads as its verb's still meets the verb.
    expect(french.stem("financement")).toBe(french.stem("financer"));
  });
});

describe("a noun that is also a participle, after 'être' or 'avoir'", () => {
  const paying = new Analyzer({ synonyms: [], spellings: {}, general: { synonyms: [["payer", "financer"]], spellings: {} } });
  const termsOf = (text: string) => paying.analyze(text).map((t) => t.term);
  const PAYER = termsOf("financer")[0];

  it("reads as its verb when the verb joins a synonym group ('qui a payé ?' meets 'financé')", () => {
    expect(termsOf("qui a payé le budget ?")).toContain(PAYER);
    expect(termsOf("elles ont été payées par l'État")).toContain(PAYER);
    expect(termsOf("a-t-il payé ?")).toContain(PAYER);
  });

  it("stays the noun elsewhere, and after 'à', which folds to 'a' ('la paye des agents', 'à paye')", () => {
    expect(termsOf("la paye des agents")).not.toContain(PAYER);
    expect(termsOf("le bonus à paye fixe")).not.toContain(PAYER);
  });
});

describe("general French synonyms (lang/fr/synonyms.yaml)", () => {
  const general = new Analyzer({ synonyms: [], spellings: {}, general: generalSynonyms() });
  const termOf = (word: string) => general.analyze(word)[0]?.term;

  it("read as the noun they say: 'portuaire' is of a port, 'budgétaire' of a budget, 'maritime' of the sea", () => {
    expect(termOf("portuaire")).toBe(termOf("port"));
    expect(termOf("budgétaires")).toBe(termOf("budget"));
    expect(termOf("maritimes")).toBe(termOf("mer"));
    expect(termOf("touristique")).toBe(termOf("tourisme"));
  });

  it("joins 'prendre la parole' to the verbs of saying ('quel ministre a pris la parole ?' meets 'a déclaré le ministre')", () => {
    expect(general.analyze("quel ministre a pris la parole ?").map((t) => t.term)).toContain(termOf("déclaré"));
  });
});
