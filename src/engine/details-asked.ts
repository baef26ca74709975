import { openingRole, type AskedKind } from "./asked-kind.ts";
import { type Analyzer, namesIn } from "./normalize/analyzer.ts";
import { frenchWords } from "./normalize/language-data.ts";
import type { Query, ScoredPassage } from "./search/knowledge-index.ts";

/**
 * A stage of the decision: what a question asks beyond its words, which an excerpt must tell to answer it.
 * A sentence that covers most of the question's words can still miss the very detail asked:
 * - the side ("qui dirige côté russe ?", "le chef russe du secrétariat" against "dirigé côté malien par…");
 * - the role whose holder is asked ("qui est le président d'Inter RAO ?" against its vice-president);
 * - a name the question gives ("… construits à Diéma ?" against the sentence on the wells built elsewhere);
 * - whose age is asked ("quel âge a Tsivilev ?" against "âgés de moins de 25 ans");
 * - a place the question names that the sentence lists with others ("… à Djenné ?" against "200 cages entre
 *   Mopti, Konna et Djenné"): the figure is for them all.
 * The word lists are data (lang/fr/words.yaml).
 */
export interface Side {
  word: string;
  term: string;
}

export interface DetailsAsked {
  side?: Side;
  /** The role "qui est le X…" asks the holder of, as an index term. */
  role?: string;
  /** The names the question gives, as index terms (not the visit's own words). */
  names: string[];
  /** Common nouns that say what the question is about as a name would ("le tramway"), as index terms. */
  subjects?: string[];
  /** Whose age is asked, as index terms. */
  whose: string[];
}

/** Names a sentence lists together, as written, with the index terms of each. */
interface NameList {
  names: string[];
  terms: Array<Set<string>>;
}

export interface DetailReaderDeps {
  analyzer: Analyzer;
  isKnownTerm: (term: string) => boolean;
  /** The words that only name the visit (the delegation, Russia, Mali…): every answer shares them. */
  eventTerms: ReadonlySet<string>;
  isDictionaryWord: (foldedWord: string) => boolean;
  /**
   * Whether a common noun says what a question is about as a name would: few sources say it, and an update's
   * title does ("le tramway", "la cimenterie").
   */
  namesASubject?: (foldedWord: string, term: string) => boolean;
  /** Whether a source says a term anywhere (a sentence or its title). */
  sourceSays?: (sourceId: string, term: string) => boolean;
}

const WORDS = frenchWords();
/** A name in capitals ("Djenné", "Saint-Pétersbourg", "Konna"). */
const NAME = String.raw`\p{Lu}[\p{L}’'-]*(?:\s+\p{Lu}[\p{L}’'-]*)*`;
/** Two or more names joined by commas and "et" ("Mopti, Konna et Djenné", "à Ségou et à Sikasso"). */
const NAME_LIST = new RegExp(String.raw`${NAME}(?:\s*,\s*(?:(?:à|au|de|d['’]|du)\s*)?${NAME})*\s+et\s+(?:(?:à|au|de|d['’]|du)\s*)?${NAME}`, "gu");
const LISTED_NAME = new RegExp(NAME, "gu");
const ARTICLES = new Set(["le", "la", "les", "l"]);
/** "c'est" as the analyzer reads it (folded, split at the apostrophe, and joined). */
const C_EST = new Set(["c", "cest"]);

export function createDetailReader({ analyzer, isKnownTerm, eventTerms, isDictionaryWord, namesASubject = () => false, sourceSays = () => true }: DetailReaderDeps) {
  /** The sides a text names with "côté" ("dirigé côté malien" → mali). */
  function sidesIn(text: string): Side[] {
    const words = analyzer.words(text);
    return words.flatMap((w, i) => {
      const word = words[i + 1];
      const term = w === "cote" && word !== undefined ? analyzer.analyze(word)[0]?.term : undefined;
      return word !== undefined && term !== undefined ? [{ word, term }] : [];
    });
  }

  /** "Côté russe", or a role qualified by a nationality ("le chef russe", "the Russian head of…" read in French). */
  function sideAsked(question: string): Side | undefined {
    const explicit = sidesIn(question)[0];
    if (explicit) return explicit;
    const words = analyzer.words(question);
    for (let i = 0; i < words.length; i++) {
      if (!WORDS.roleNouns.has(words[i] as string)) continue;
      // "le chef russe", "russe chef" (an English word order read in French).
      for (const word of [words[i + 1], words[i - 1]]) {
        const term = word !== undefined && WORDS.nationalities.has(word) ? analyzer.analyze(word)[0]?.term : undefined;
        if (word !== undefined && term !== undefined) return { word, term };
      }
    }
    return undefined;
  }

  /** "Qui est / sera le X…": X, unless it only asks who is in charge ("le responsable", which a verb tells). */
  function roleAsked(question: string): string | undefined {
    const words = analyzer.words(question);
    const at = words.indexOf("qui");
    // "qui est le X", "qui c'est le X", "c'est qui le X" (the article right after "qui"); or a message that opens
    // with the role ("directeur ODPD", "et le directeur de l'ODPD ?").
    let article = at < 0 ? -1 : at + 1;
    while (article >= 0 && article <= at + 3 && (WORDS.roleVerbs.has(words[article] ?? "") || C_EST.has(words[article] ?? ""))) article++;
    // (Or the role right after "qui", as an English "who is the director…" reads in French: "qui directeur de…".)
    const bare = at >= 0 && WORDS.roleNouns.has(words[at + 1] ?? "") ? words[at + 1] : undefined;
    const noun = article >= 0 && ARTICLES.has(words[article] ?? "") ? words[article + 1] : (bare ?? openingRole(question));
    if (noun === undefined || WORDS.genericRoles.has(noun) || analyzer.isStopword(noun)) return undefined;
    const term = analyzer.analyze(noun).find((t) => !t.isIntent)?.term;
    return term !== undefined && isKnownTerm(term) ? term : undefined;
  }

  /** Words in capitals, or words no French dictionary has ("rusgidro", "kazan"), that the knowledge has. */
  function namedTerms(query: Query): string[] {
    const capitalised = namesIn(query.text);
    return query.terms
      .filter((t) => t.known && !t.fromContext && t.credit === 1 && !eventTerms.has(t.term) && !/^\d+$/.test(t.term))
      .filter((t) => capitalised.has(t.surface) || (!t.surface.includes(" ") && !isDictionaryWord(t.surface)))
      .map((t) => t.term);
  }

  /**
   * The common nouns that name what the question is about ("combien d'emplois le chantier du tramway va-t-il
   * créer ?"): a sentence of a source that never says one (the railway's works, the cement plant's) is about
   * something else, however many of the other words it shares. (Held to the source, not to the sentence: a
   * source says what it is about once, and its other sentences go on about it.)
   */
  function subjectTerms(query: Query, names: readonly string[]): string[] {
    return query.terms
      .filter((t) => t.known && !t.fromContext && t.credit === 1 && !t.typeNoun && !t.questionWord && !eventTerms.has(t.term) && !names.includes(t.term))
      .filter((t) => !t.surface.includes(" ") && isDictionaryWord(t.surface) && namesASubject(t.surface, t.term))
      .map((t) => t.term);
  }

  /** Worked out once per query and kind: one ask weighs its candidates several times. */
  const asked = new WeakMap<Query, Map<AskedKind | undefined, DetailsAsked>>();

  /** The details a question asks; the role only for "qui" (agent), whose age only for "quel âge". */
  function detailsOf(query: Query, kind: AskedKind | undefined): DetailsAsked {
    let byKind = asked.get(query);
    if (!byKind) asked.set(query, (byKind = new Map()));
    let details = byKind.get(kind);
    if (!details) {
      const side = sideAsked(query.text);
      const role = kind === "agent" ? roleAsked(query.text) : undefined;
      const whose = kind === "age" ? [...namesIn(query.text)].flatMap((n) => analyzer.analyze(n).map((t) => t.term)).filter(isKnownTerm) : [];
      const names = namedTerms(query);
      const subjects = subjectTerms(query, names);
      details = { ...(side ? { side } : {}), ...(role !== undefined ? { role } : {}), names, ...(subjects.length > 0 ? { subjects } : {}), whose };
      byKind.set(kind, details);
    }
    return details;
  }

  /** Per passage, the names it lists together ("entre Mopti, Konna et Djenné"), each with its terms, worked out once. */
  const passageLists = new Map<string, NameList[]>();
  function listsIn(p: ScoredPassage): NameList[] {
    let lists = passageLists.get(p.passage.id);
    if (!lists) {
      // (And the sentence it leans on, which may be where the names are: "Son coût total…" after "200 cages entre…".)
      const text = p.leansOn ? `${p.leansOn.text} ${p.passage.text}` : p.passage.text;
      lists = [...text.matchAll(NAME_LIST)].map((m) => {
        const names = [...m[0].matchAll(LISTED_NAME)].map((n) => n[0]);
        return { names, terms: names.map((n) => new Set(analyzer.analyze(n).map((t) => t.term))) };
      });
      passageLists.set(p.passage.id, lists);
    }
    return lists;
  }

  /** The sides each passage names, worked out once per passage. */
  const passageSides = new Map<string, string[]>();

  /** Whether a sentence says a term itself (or the sentence it leans on does). */
  const says = (p: ScoredPassage, term: string) => p.terms.has(term) || p.leanTerms?.has(term) === true;
  /**
   * Whether a sentence tells a name: itself, the sentence it leans on, or what its source is about (its title, and
   * names two or more of its sentences say). A name its paragraph mentions once is a detail of another sentence:
   * "12 000 visiteurs" at Bamako are not the visitors of Ségou, where the paragraph says the week also went.
   */
  const tellsName = (p: ScoredPassage, term: string) => says(p, term) || p.topicTerms?.has(term) === true;

  return {
    sidesIn,
    detailsOf,
    /** A sentence tells the side asked unless it tells only another one. */
    onSide(p: ScoredPassage, details: DetailsAsked): boolean {
      if (details.side === undefined) return true;
      let told = passageSides.get(p.passage.id);
      if (!told) passageSides.set(p.passage.id, (told = sidesIn(p.passage.text).map((s) => s.term)));
      const side = details.side.term;
      return told.includes(side) || told.every((t) => t === side);
    },
    /** The role and whose age, which the sentence itself must say (its paragraph does not make it theirs). */
    holdsRoleAndAge(p: ScoredPassage, details: DetailsAsked): boolean {
      return (details.role === undefined || says(p, details.role)) && details.whose.every((t) => says(p, t));
    },
    /**
     * A name the question gives that the sentence tells only among others ("cb de cages à Djenné ?" against "200
     * cages entre Mopti, Konna et Djenné"): its figure is for them all, not for that one. The name and the list, as written.
     */
    listedWith(p: ScoredPassage, details: DetailsAsked): { name: string; names: string[] } | undefined {
      // (A name in the source's title says which source, not which part: the mapping "de Kéniéba" covers "les
      // régions de Kayes, de Kéniéba et de Koulikoro".)
      const title = p.surroundingTerms?.[1];
      const parts = details.names.filter((t) => title?.has(t) !== true);
      if (parts.length === 0) return undefined;
      const partOf = (terms: Set<string>) => parts.some((t) => terms.has(t));
      const named = (terms: Set<string>) => details.names.some((t) => terms.has(t));
      // (All of the list asked, "entre Mopti, Konna et Djenné ?", is the figure's own scope.)
      for (const list of listsIn(p)) {
        const at = list.terms.findIndex(partOf);
        if (at >= 0 && !list.terms.every(named)) return { name: list.names[at] as string, names: list.names };
      }
      return undefined;
    },
    /** The names the question gives that a sentence and its surroundings do not tell. */
    namesUntold(p: ScoredPassage, details: DetailsAsked): string[] {
      const untold = details.names.filter((t) => !tellsName(p, t));
      return details.subjects ? [...untold, ...details.subjects.filter((t) => !sourceSays(p.passage.sourceId, t))] : untold;
    },
    /** Whether an FAQ entry (its terms) says the role asked and the names given. */
    entryTells(entryTerms: ReadonlySet<string>, details: DetailsAsked): boolean {
      return (details.role === undefined || entryTerms.has(details.role)) && details.names.every((t) => entryTerms.has(t));
    },
  };
}

export type DetailReader = ReturnType<typeof createDetailReader>;
