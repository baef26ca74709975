import type { Answer, Citation } from "./answer.ts";
import { answerType, askedNoun, asksAboutSaying, asksForTheNext, existenceAsked, statesDateAfter, statesKindBesidesSaying, statesCount, statesSumInFigures, statesCountedDuration, askedKind, askedKindOf, STATED_KINDS, statesKind, statesMeasure, type AskedKind, type KindMarkers } from "./asked-kind.ts";
import { createDetailReader } from "./details-asked.ts";
import { placesNamedIn } from "./places.ts";
import { createFollowUps } from "./follow-ups.ts";
import { admitsAGap } from "./knowledge/curated-gaps.ts";
import type { FaqEntry, Knowledge, Passage, Source } from "./knowledge/types.ts";
import { Analyzer, namesIn } from "./normalize/analyzer.ts";
import { frenchLexicon } from "./normalize/french-lexicon.ts";
import { frenchWords, generalSynonyms } from "./normalize/language-data.ts";
import { countNonLatinLetters, foldText, hasLatinContent, looksLikeCode, splitWords, stripControlCharacters } from "./normalize/text.ts";
import { SimilarPhrasings } from "./search/similar-phrasings.ts";
import { KnowledgeIndex, type Query, type QueryTerm, type ScoredFaq, type ScoredPassage } from "./search/knowledge-index.ts";
import { detectSmallTalk, SMALL_TALK_REPLIES } from "./smalltalk.ts";
import { isEnglish, toFrench } from "./english.ts";
import { CARDINALS, MONTH_ALTERNATION, NUMBER_WORDS, SPECIFYING_WORDS } from "./normalize/french.ts";
import { askedSentence, isChoiceQuestion, mentionsMonth, questionParts } from "./question-shape.ts";
import { sourceFramingRemover } from "./source-framing.ts";
import * as say from "./messages.ts";
import { Recent } from "../common/recent.ts";

/** Questions longer than this are refused with a request to shorten them: nobody asks a 10,000-character question. */
export const MAX_QUESTION_LENGTH = 1000;

/**
 * Confidence thresholds on the share of the question's weight that an answer
 * accounts for (see KnowledgeIndex). Set on the tuning question set with
 * `npm run eval`; the held-out set checks they generalise.
 */
export const THRESHOLDS = {
  /** At or above: answer. */
  answer: 0.55,
  /** At or above (and below `answer`): "Vouliez-vous dire…". Below: refuse. */
  unsure: 0.4,
  /** A question word missing from the whole knowledge that weighs at least this share makes the question unanswerable. */
  unknownShare: 0.3,
  /** Below `answer`, the best FAQ entry is still taken when every word is known and it leads the next by this much. */
  lead: 0.1,
};

/** An FAQ entry ranked this high matches one of its phrasings, not just words of its content. */
const PHRASING_MATCH = 0.75;

/** Coverage a passage may lack and still come first because it holds the kind of fact asked ("qui" → a name). */
const KIND_PREFERENCE = 0.1;

/** The share of "combien de temps" a sentence that counts units of time says without the word (see choose). */
const DURATION_COUNT_CREDIT = 0.3;

/** Coverage a sentence needs to answer a yes/no question ("les cours sont-ils gratuits ?"). */
const YES_NO_COVERAGE = 0.8;
/** A yes/no question: a verb and its subject inverted, or "est-ce que", and no question word. */
const YES_NO = /-(?:t-)?(?:il|elle|ils|elles|on)\b|\best-ce\s+qu/iu;
function isYesNoQuestion(query: Query): boolean {
  const asking = /(?<!\p{L})(?:que|quoi|qu['’]|quel|quelle|quels|quelles|lequel|laquelle|lesquels|lesquelles)(?!\p{L})/iu;
  return query.intents.size === 0 && YES_NO.test(query.text) && !asking.test(query.text.replace(/est-ce\s+qu['’e]?/giu, ""));
}

/** Analysed questions kept for the rest of an ask (and the next: a button press re-asks the same text). */
const RECENT_QUERIES = 8;

/** Coverage a passage may lack and still come first because it tells the event asked about ("inauguré"). */
const EVENT_PREFERENCE = 0.3;
/** Adjectives of nationality, folded (lang/fr/words.yaml). */
const NATIONALITY_WORDS = frenchWords().nationalities;
/** Whether one pays at all, not how much (folded): "c'est gratuit ?", "payant ?", "faut-il payer ?". */
// (Forms of "payer" only: "pays", the country, asks nothing of the kind.)
const ASKS_IF_FREE = /\b(?:gratuit\w*|payant\w*|payer|paye[rsz]?|payent|paie[snt]?|paient|free)\b/;
/**
 * A common noun of a question is held as a name ("le chantier du tramway" must be the tramway's) when an update's
 * title says it and at most this many sources do; and only once there are this many updates to tell apart.
 */
const SUBJECT_NOUN_MAX_SOURCES = 2;
const SUBJECT_NOUN_MIN_UPDATES = 3;

/** An ordinal in words ("deuxième", "première"): it ranks, it counts nothing. */
const ORDINAL = /(?:ieme|premier|premiere)s?$/;
/** "parmi les 140", "sur les neuf", "sur les 30 000": the total a question gives, in figures or in words. */
const NUMBER_NAMES = [...new Set([...CARDINALS, ...[...NUMBER_WORDS.keys()].filter((w) => !ORDINAL.test(w))])].join("|");
const TOTAL_GIVEN = new RegExp(String.raw`\b(?:parmi|sur)\s+(?:les|ces)\s+(\d+(?:\s\d{3})*|${NUMBER_NAMES})\b`);

/** A folded month name. */
const MONTH = new RegExp(`^(?:${MONTH_ALTERNATION})$`);

/** Units of measure (lang/fr/words.yaml): counted with what they measure, never in its place. */
const UNITS = frenchWords().units;

/** Nouns that ask for a count of what follows them, as "combien de" does (lang/fr/words.yaml). */
const QUANTITY_NOUNS = frenchWords().quantityNouns;
const PEOPLE_NOUNS = frenchWords().peopleNouns;

/** Passages scored for a question asking a kind of fact, before those that do not state it are set aside. */
const KIND_CANDIDATES = 40;

/** A suggestion covers at least this share of what the best-covering suggestion covers of the question. */
const SUGGESTION_SHARE_OF_BEST = 0.6;


/** A question naming only the visit gets the overview when it is this short (longer ones say something more). */
const OVERVIEW_MAX_WORDS = 6;

export interface Engine {
  /** Answers a question; with `context` (what the conversation was about), a follow-up ("et il a quel âge ?") is read with it. */
  ask(question: string, options?: AskOptions): Answer;
  readonly knowledge: Knowledge;
  sourceById(id: string): Source | undefined;
  faqById(id: string): FaqEntry | undefined;
  /** The answer of one FAQ entry, as if its question had been asked (buttons, /faq). */
  answerEntry(id: string): Answer | undefined;
  /** The FAQ entry a suggested question stands for (suggestions are first phrasings). */
  faqIdOfSuggestion(question: string): string | undefined;
  /** Up to two other entries on the same words as the question (not the one that answered it), as their first phrasings. */
  relatedQuestions(question: string, exceptId?: string): string[];
  /** The question's index terms, sorted: spelling variants of one question share them (the review groups by them). */
  normalizedTerms(question: string): string[];
  /** The FAQ entry nearest to the question, with the share of the question it covers. */
  nearestEntry(question: string): { id: string; question: string; score: number; unanswered: boolean } | undefined;
  /** Questions to offer as examples (the first phrasing of the first entry of each topic). */
  exampleQuestions(count?: number): string[];
  /** Lexicon forms shadowed by another group (see Analyzer.conflicts). */
  lexiconConflicts(): string[];
  /** Sizes, for logs and benchmarks. */
  stats(): { sources: number; passages: number; faqEntries: number; vocabulary: number };
}

export interface AskOptions {
  /** The subject of the conversation so far (the `subject` of the previous answer). */
  context?: string;
}

export function createEngine(knowledge: Knowledge): Engine {
  const analyzer = new Analyzer({ ...knowledge.lexicon, general: generalSynonyms() });
  const index = new KnowledgeIndex(analyzer, knowledge);
  /** Refusals speak of the article while it is the only source, of the sources once updates join it. */
  const told: say.Told = knowledge.sources.length > 1 ? "sources" : "article";
  const sources = new Map(knowledge.sources.map((s) => [s.id, s]));
  const faq = new Map(knowledge.faq.map((e) => [e.id, e]));
  const isStopword = (w: string) => analyzer.isStopword(w);
  // One ask reads its question several times (does it lean on the conversation? then alone, then its parts): the
  // latest analyses are kept, so that each text is analysed once. Queries are never changed by their readers.
  const recentQueries = new Recent<Query>(RECENT_QUERIES);
  const queryOf = (text: string): Query => recentQueries.get(text, (t) => index.query(t));
  const isFrenchWord = (w: string) => index.isFrenchWord(w);

  // Question words are intents, and some lexicon terms at once ("quand" with "date", "combien" with "nombre"): both
  // mark a question asking for a kind of fact; so do the terms of a cost ("coûter") and of a duration ("durer").
  const markerTerm = (word: string) => analyzer.analyze(word).find((t) => !t.isIntent)?.term;
  const marker = (intent: string | undefined, word: string | undefined) => {
    const term = word ? markerTerm(word) : undefined;
    return { ...(intent ? { intent } : {}), ...(term ? { term } : {}) };
  };
  const kindMarkers: KindMarkers = {
    date: marker("?quand", "quand"),
    number: marker("?combien", "combien"),
    amount: marker(undefined, "coût"),
    duration: marker(undefined, "durée"),
    place: marker("?ou", undefined),
    agent: marker("?qui", undefined),
    cause: marker("?pourquoi", undefined),
  };
  /**
   * The kinds of fact an FAQ entry gives: asked for by one of its phrasings, or stated in one of its quotes. Worked
   * out for an entry the first time a question asking for a kind ranks it (reading every phrasing of every entry
   * took a fifth of start-up, for questions most of which ask no kind the FAQ is filtered on).
   */
  const entryKinds = new Map<string, Set<AskedKind>>();
  function kindsOfEntry(entry: FaqEntry): Set<AskedKind> {
    let kinds = entryKinds.get(entry.id);
    if (kinds) return kinds;
    kinds = new Set<AskedKind>();
    for (const q of entry.questions) {
      const tokens = analyzer.analyze(q);
      const terms = tokens.map((t) => t.term);
      const intents = new Set(tokens.filter((t) => t.isIntent).map((t) => t.term));
      const kind = askedKind(q, terms, intents, kindMarkers);
      if (kind) kinds.add(kind);
      // (And what it asks precisely: a phrasing "depuis quand…" makes the entry an answer to "since when".)
      const precisely = askedKindOf(q, terms, intents, kindMarkers)?.kind;
      if (precisely) kinds.add(precisely);
    }
    for (const kind of STATED_KINDS) if (entry.citations.some((c) => statesKind(kind, c.quote))) kinds.add(kind);
    entryKinds.set(entry.id, kinds);
    return kinds;
  }

  /** Whether a passage states a date (a number), worked out once per passage. */
  const passageKinds = new Map<string, Set<AskedKind>>();
  /** Per passage and kind (date or day), whether it states one besides the day someone spoke, worked out once. */
  const datedBesidesSaying = new Map<string, boolean>();
  function datesBesidesSaying(passage: Passage, kind: "date" | "day"): boolean {
    const key = `${kind} ${passage.id}`;
    let found = datedBesidesSaying.get(key);
    if (found === undefined) datedBesidesSaying.set(key, (found = statesKindBesidesSaying(kind, passage.text)));
    return found;
  }

  function passageStates(passage: Passage, kind: AskedKind): boolean {
    let kinds = passageKinds.get(passage.id);
    if (!kinds) {
      kinds = new Set(STATED_KINDS.filter((k) => statesKind(k, passage.text)));
      passageKinds.set(passage.id, kinds);
    }
    return kinds.has(kind);
  }

  /**
   * The names the sources write (words in capitals inside their sentences and titles): an English question keeps
   * them. Read on the first English question, not at start-up.
   */
  let sourceNames: ReadonlySet<string> | undefined;
  const isSourceName = (foldedWord: string) =>
    (sourceNames ??= new Set([...knowledge.passages.map((p) => p.text), ...knowledge.sources.map((s) => s.title)].flatMap((t) => [...namesIn(t)]))).has(foldedWord);

  // "selon l'article d'Info Matin, …" points at the source of the answer, not at the outlet as the thing asked.
  const withoutSourceFraming = sourceFramingRemover(knowledge.sources, analyzer);

  // A question that names only the visit ("la visite ?", "les russes au Mali") gets the overview, not whichever entry says "Mali".
  const overview = knowledge.faq.find((e) => e.overview);
  const eventTerms = new Set(knowledge.lexicon.event.flatMap((w) => analyzer.analyze(w).filter((t) => !t.isIntent).map((t) => t.term)));
  const dictionary = frenchLexicon();
  const updateIds = new Set(knowledge.sources.filter((s) => s.kind === "update").map((s) => s.id));
  const detailReader = createDetailReader({
    analyzer,
    isKnownTerm: (t) => index.isKnownTerm(t),
    eventTerms,
    isDictionaryWord: (w) => dictionary.has(w),
    namesASubject: (w, t) => {
      // (A thing, not an event: "la remise", "le lancement" are ways of saying what happened, which a source tells
      // in its own words, "réceptionné"; a noun that is also a form of a verb, or made from one, is such a way.)
      if (dictionary.category(w) !== "noun" || dictionary.verbBase(w) !== undefined || dictionary.category(dictionary.base(w) ?? w) === "verb") return false;
      if (updateIds.size < SUBJECT_NOUN_MIN_UPDATES) return false;
      const saying = index.sourcesSaying(t);
      return saying.size > 0 && saying.size <= SUBJECT_NOUN_MAX_SOURCES && [...saying].some((id) => updateIds.has(id) && index.titleTermsOf(id).has(t));
    },
    sourceSays: (id, t) => index.sourcesSaying(t).has(id) || index.titleTermsOf(id).has(t),
  });
  const commonWord = (w: string) => ["noun", "adjective", "verb", "adverb"].includes(dictionary.category(w) ?? "");
  let places: Set<string> | undefined;
  // (Worked out on the first follow-up that may name one: start-up does not pay for it.)
  const isPlace = (name: string) => (places ??= placesNamedIn(knowledge.passages.map((p) => p.text), commonWord)).has(name);
  const followUps = createFollowUps({ knowledge, index, analyzer, isDictionaryWord: (w) => dictionary.has(w), isPlace, eventTerms, kindMarkers, faq, termsOfEntry, queryOf, decide, askAlone, refusal, suggestionsFrom, told });
  const namesOnlyTheVisit = (query: Query) => {
    if (query.intents.size > 0 || query.unknown.length > 0 || query.terms.length === 0) return false;
    if (!query.terms.every((t) => eventTerms.has(t.term))) return false;
    // Short, and no small word that makes it specific: "des visites russes avant ?", "y avait des Maliens ?", "côté malien".
    const words = analyzer.words(query.text);
    return words.length <= OVERVIEW_MAX_WORDS && !words.some((w) => SPECIFYING_WORDS.has(w));
  };

  const examples = knowledge.topics
    .map((topic) => knowledge.faq.find((e) => e.topic === topic.id && !e.unanswered)?.questions[0])
    .filter((q): q is string => q !== undefined);

  function exampleQuestions(count = 3): string[] {
    return examples.slice(0, count);
  }

  function cite(sourceId: string, paragraph: number, quote: string): Citation {
    const source = sources.get(sourceId);
    if (!source) throw new Error(`citation to unknown source ${sourceId}`);
    return {
      sourceId,
      outlet: source.outlet,
      author: source.author,
      title: source.title,
      date: source.date,
      ...(source.url ? { url: source.url } : {}),
      paragraph,
      quote,
    };
  }

  function refusal(status: Answer["status"], text: string, suggestions: string[] = exampleQuestions(), score = 0): Answer {
    return { status, answered: false, text, citations: [], score: round(score), suggestions: suggestions.slice(0, 3) };
  }

  // Letter-level likeness to every FAQ phrasing, for the rare question whose terms match no entry at all (a
  // mangled sentence); a suggestion leads to an answer, so "the article does not say" entries are left out.
  const similar = new SimilarPhrasings(knowledge.faq.filter((e) => !e.unanswered).flatMap((entry) => entry.questions.map((text) => ({ text, owner: entry }))));

  function suggestionsFrom(ranked: ScoredFaq[], question: string): string[] {
    // Entries sharing a word with the question (scoreFaq keeps only those), best first; a suggestion leads to an
    // answer, so "the article does not say" entries are not offered; and it shares the question's subject, so an
    // entry that covers far less of it than the best one (the byline's "signé" for "combien d'accords signés ?")
    // is not offered either.
    const answerable = ranked.filter((s) => !s.entry.unanswered);
    const best = Math.max(0, ...answerable.map((s) => s.coverage));
    const picked = answerable.filter((s) => s.coverage >= best * SUGGESTION_SHARE_OF_BEST).slice(0, 3).map((s) => s.entry.questions[0] as string);
    if (picked.length === 0) for (const entry of similar.search(question, 3)) picked.push(entry.questions[0] as string);
    return picked.length > 0 ? picked : exampleQuestions();
  }

  function fromFaq(best: ScoredFaq, ranked: ScoredFaq[] = []): Answer {
    // A curated "the article does not say" entry ("qu'est-ce qui a été signé à Bamako ?"): its text explains, nothing is
    // claimed; the nearest entries that do answer something are offered.
    if (best.entry.unanswered) {
      const related = ranked.filter((s) => s.entry !== best.entry && !s.entry.unanswered).map((s) => s.entry.questions[0] as string);
      return {
        ...refusal("unanswerable", best.entry.answer, related.length > 0 ? related : exampleQuestions(), best.coverage),
        match: { kind: "faq", id: best.entry.id },
      };
    }
    return {
      status: "answered",
      answered: true,
      text: best.entry.answer,
      citations: best.entry.citations.map((c) => cite(c.sourceId, c.paragraph, c.quote)),
      score: round(best.coverage),
      suggestions: [],
      match: { kind: "faq", id: best.entry.id },
    };
  }

  /** A passage's excerpt, with the sentence it leans on before it (one contiguous, verbatim stretch of the paragraph). */
  function excerptOf(p: ScoredPassage): string {
    if (!p.leansOn) return p.passage.text;
    const paragraph = sources.get(p.passage.sourceId)?.paragraphs[p.passage.paragraph - 1]?.text ?? "";
    const start = paragraph.indexOf(p.leansOn.text);
    const end = paragraph.indexOf(p.passage.text, Math.max(0, start));
    return start >= 0 && end > start ? paragraph.slice(start, end + p.passage.text.length) : p.passage.text;
  }

  function fromPassages(ranked: ScoredPassage[]): Answer {
    const best = ranked[0] as ScoredPassage;
    // A second sentence is worth showing when it covers the question as well and adds another part of the sources.
    const second = ranked.find(
      (p) => p !== best && p.coverage >= best.coverage * 0.95 && (p.passage.paragraph !== best.passage.paragraph || p.passage.sourceId !== best.passage.sourceId),
    );
    const shown = [best, ...(second ? [second] : [])];
    return {
      status: "answered",
      answered: true,
      text: say.passageIntro(sources.get(best.passage.sourceId), knowledge.sources.length === 1),
      citations: shown.map((p) => cite(p.passage.sourceId, p.passage.paragraph, excerptOf(p))),
      score: round(best.coverage),
      suggestions: [],
      match: { kind: "passage", id: best.passage.id },
    };
  }

  function decide(query: Query): Answer {
    // (Each part of a message too: "' OR '1'='1 ? …" must not be answered as a question about gold.)
    const answer = looksLikeCode(query.text, isFrenchWord)
      ? refusal("invalid", say.notAQuestion())
      : hasMeaningfulContent(query, query.text, isFrenchWord)
        ? choose(query)
        : refusal("unsure", say.tooVague());
    answer.debug = `terms=${query.terms.map((t) => `${t.surface}:${t.term}${t.known ? "" : "?"}`).join(",")} intents=${[...query.intents].join(",")}`;
    return answer;
  }

  function choose(asked: Query): Answer {
    // A number the article does not have is a value being checked ("la délégation comptait 80 personnes ?",
    // "arrivée le 27 juillet ?"), not an unknown subject: the answer is the excerpt that gives the right one.
    const values = asked.unknown.filter((t) => /^\d+$/.test(t.term));
    const query = values.length > 0 && values.length < asked.terms.length ? withoutTerms(asked, values) : asked;
    const checkedKind: AskedKind | undefined =
      query === asked ? undefined : values.some((t) => /^(?:1[89]|20)\d\d$/.test(t.term)) || mentionsMonth(asked.text) ? "date" : "number";
    if (overview && namesOnlyTheVisit(query) && !checkedKind) return fromFaq({ entry: overview, coverage: 1, rank: 1 });
    // (The message's own words say what kind of fact it asks: in "et elles vont dans combien de villages ?" after "la
    // tournée dure combien de temps ?", the previous question's "durer" says what it was about, not that a duration is asked.)
    const wanted = askedKindOf(query.text, query.terms.filter((t) => !t.fromContext).map((t) => t.term), query.intents, kindMarkers);
    const kind = wanted?.strict ? wanted.kind : checkedKind;
    const rankedFaq = index.scoreFaq(query);
    // A loose kind ("qui", "où", "pourquoi") picks, among sentences that match as well, the one that holds it.
    // Only sentences stating the kind asked may answer it: they are looked for among more candidates than the few
    // best, which may all lack it ("combien de délégués ?" matches many sentences on "commission" before the count).
    // "Quelle superficie…": a number in one of the measure's units ("42 000 km²"), not any number.
    const units = kind === "number" ? answerType(query.text)?.units : undefined;
    const scored = index.scorePassages(query, kind ? KIND_CANDIDATES : undefined);
    // "Quelle superficie couvrira la campagne ?": "42 000 km²" says the superficie.
    const typeNoun = kind ? query.terms.find((t) => t.typeNoun && !t.fromContext) : undefined;
    const statesType = (p: ScoredPassage) => (units ? statesMeasure(p.passage.text, units) : kind !== undefined && passageStates(p.passage, kind));
    // "Combien de temps ?" (durer) is said in part by a sentence that counts units of time ("réalisée en quatorze
    // mois", "s'étaler sur quatre ans") without the word "durée": less than a type noun by its instance, as a count
    // of time may be of something else ("attendue depuis plus de dix ans").
    const durationMarker = kind === "duration" ? query.terms.find((t) => t.term === kindMarkers.duration?.term && !t.fromContext) : undefined;
    const kindWord = typeNoun ?? (durationMarker ? { ...durationMarker, credit: durationMarker.credit * DURATION_COUNT_CREDIT } : undefined);
    const statesAsking = typeNoun ? statesType : (p: ScoredPassage) => statesCountedDuration(p.passage.text);
    const credited = kindWord ? creditAskingWord(scored, query, kindWord, statesAsking).sort((a, b) => b.rank - a.rank) : scored;
    const rankedPassages = preferAnswering(credited, query, wanted && !wanted.strict ? wanted.kind : undefined);
    // "Combien de bourses…": a sentence counts bourses only if a number stands right before them.
    const counted = kind === "number" ? countedTerms(query) : undefined;
    const total = kind === "number" ? totalGiven(query.text) : undefined;
    const answer = chooseAmong(query, rankedFaq, rankedPassages, kind, counted, total, units);
    if (!kind || answer.answered) return answer;
    // Only candidates that state a date (a number) may answer "quand" ("combien"). If one that does not would
    // have been answered, the question is about something known but asks what the article does not give.
    const unfiltered = chooseAmong(query, rankedFaq, rankedPassages, undefined);
    // (With no sentence of the kind asked left, the filtered reading may find the question off-topic; the sources
    // do speak of its subject, so the refusal says what the unfiltered one says: "not sure", or "they do not say".)
    if (!unfiltered.answered || saysWhatIsGiven.has(answer)) return answer.status === "off_topic" && unfiltered.status !== "off_topic" ? unfiltered : answer;
    return refusal("unanswerable", say.kindNotInArticle(kind, told), suggestionsFrom(rankedFaq, query.text), unfiltered.score);
  }

  /**
   * A sentence that states what a word of the question asks for says that word in its own way ("42 000 km²" the
   * type noun "superficie", "35 géologues" the "combien"): it gets the word's weight, up to full coverage (a
   * sentence never covers a question better than a curated entry phrased for it).
   */
  function creditAskingWord(passages: ScoredPassage[], query: Query, asking: QueryTerm, states: (p: ScoredPassage) => boolean): ScoredPassage[] {
    if (query.contentWeight <= 0) return passages;
    const credit = (asking.weight * asking.credit) / query.contentWeight;
    return passages.map((p) => (p.terms.has(asking.term) || !states(p) ? p : { ...p, coverage: Math.min(1, p.coverage + credit), rank: p.rank + credit }));
  }

  /** The newest date among the sources an FAQ entry cites: what the curators knew when they wrote it. */
  const curatedAsOf = new Map(knowledge.faq.map((e) => [e.id, e.citations.map((c) => sources.get(c.sourceId)?.date ?? "").sort().pop() ?? ""]));

  /**
   * Newer knowledge wins over curated knowledge written before it: a passage of a source published after the
   * best FAQ entry's sources answers when it covers the question well enough and the entry is a curated "the
   * article does not say" (the update now says it), or an entry matched on its content rather than on a
   * phrasing (the update is about the question, the entry only shares its words).
   */
  function newerKnowledge(bestFaq: ScoredFaq | undefined, ranked: ScoredPassage[], bar: number): ScoredPassage[] | undefined {
    if (!bestFaq) return undefined;
    const asOf = curatedAsOf.get(bestFaq.entry.id) ?? "";
    const newer = ranked.filter((p) => (sources.get(p.passage.sourceId)?.date ?? "") > asOf && p.coverage >= bar);
    const best = newer[0];
    if (!best) return undefined;
    // A curated "the article does not say" — whole, or the part of an answer that admits what it lacks ("… ;
    // l'article ne précise pas de quel ministère il a la charge") — gives way to a newer source that answers.
    if (admitsAGap(bestFaq.entry)) return newer;
    const phrasedFor = bestFaq.rank >= PHRASING_MATCH;
    return !phrasedFor && best.coverage >= bestFaq.coverage ? newer : undefined;
  }

  /**
   * Among sentences that cover the question nearly as well, the one that answers comes first: it states the kind
   * of fact asked ("qui" → a name), and it tells the event asked about ("qui a inauguré les puits ?": the puits
   * are what the whole update is about, and the sentence that says who inaugurated them, "Le chantier a été
   * inauguré par…", need not name them again).
   */
  /** The question's own verbs and participles that the knowledge has ("inauguré", "payé"): the event it asks about. */
  function askedEvent(query: Query): QueryTerm[] {
    return query.terms.filter((t) => t.eventive && t.known && !t.fromContext);
  }

  function tellsEvent(p: ScoredPassage, events: QueryTerm[]): boolean {
    return events.length > 0 && events.every((t) => p.terms.has(t.term) || p.leanTerms?.has(t.term) === true);
  }

  function preferAnswering(ranked: ScoredPassage[], query: Query, kind: AskedKind | undefined): ScoredPassage[] {
    const events = askedEvent(query);
    if ((!kind && events.length === 0) || ranked.length < 2) return ranked;
    const key = (p: ScoredPassage) => p.coverage + (kind && passageStates(p.passage, kind) ? KIND_PREFERENCE : 0) + (tellsEvent(p, events) ? EVENT_PREFERENCE : 0);
    return [...ranked].sort((a, b) => key(b) - key(a));
  }

  /**
   * What "combien de X" counts, as index terms: X, and its complement when it has one ("combien de tonnes
   * d'urée": the tonnes of urea, not the tonnes of fertiliser a sentence gives).
   */
  function countedTerms(query: Query): string[] | undefined {
    const words = analyzer.words(query.text);
    // "Quelle quantité d'engrais", "le nombre de délégués" count as "combien d'engrais", "combien de délégués" do.
    const of = (w: string | undefined) => w === "de" || w === "d";
    // (And a message of keywords that opens with the quantity: "nombre Cscom Tombouctou", "nombre bourses Kazan".)
    const keywords = words.length <= 4 && QUANTITY_NOUNS.has(words[0] ?? "") && !of(words[1]) && words[1] !== undefined && !isStopword(words[1]);
    const at = keywords ? 0 : words.findIndex((w, i) => (w === "combien" || QUANTITY_NOUNS.has(w)) && of(words[i + 1]));
    if (at < 0) return undefined;
    // (A nationality before the noun is an adjective read in English word order, "how many Malian engineers":
    // what is counted is the noun after it.)
    const first = keywords ? 1 : at + 2;
    const nounAt = NATIONALITY_WORDS.has(words[first] ?? "") && words[first + 1] !== undefined && !isStopword(words[first + 1] as string) ? first + 1 : first;
    // (As the question reads the word: a corrected or expanded one, "mécanos" → "mécaniciens", is what is counted.)
    const termOf = (w: string | undefined) =>
      w === undefined || isStopword(w) ? undefined : (query.terms.find((t) => !t.fromContext && t.surface === w)?.term ?? analyzer.analyze(w).find((t) => !t.isIntent)?.term);
    const noun = termOf(words[nounAt]);
    // "Combien de personnes", "combien de gens": people of any kind, whom a sentence counts by what they are
    // ("140 agents", "une centaine de participants"): any count answers.
    if (!noun || PEOPLE_NOUNS.has(words[nounAt] as string)) return undefined;
    const complement = of(words[nounAt + 1]) ? termOf(words[nounAt + 2]) : undefined;
    return complement && index.isKnownTerm(complement) ? [noun, complement] : [noun];
  }

  /** "Combien de personnes", "combien de gens": people of any kind counted. */
  function countsPeople(question: string): boolean {
    const words = analyzer.words(question);
    return words.some((w, i) => (w === "combien" || QUANTITY_NOUNS.has(w)) && (words[i + 1] === "de" || words[i + 1] === "d") && PEOPLE_NOUNS.has(words[i + 2] as string));
  }

  /** The terms an FAQ entry says (its phrasings, answer and quotes), worked out when first needed. */
  const entryTerms = new Map<string, Set<string>>();
  function termsOfEntry(entry: FaqEntry): Set<string> {
    let terms = entryTerms.get(entry.id);
    if (!terms) {
      const texts = [...entry.questions, entry.answer, ...entry.citations.map((c) => c.quote)];
      entryTerms.set(entry.id, (terms = new Set(texts.flatMap((t) => analyzer.analyze(t).map((token) => token.term)))));
    }
    return terms;
  }

  /** The thing whose name a question asks ("le nom du navire"), when no source knows it. */
  function namedThing(query: Query): QueryTerm | undefined {
    const words = analyzer.words(query.text);
    for (let i = 0; i + 2 < words.length; i++) {
      if (words[i] !== "nom" && words[i] !== "noms") continue;
      let j = i + 1;
      if (!["du", "de", "des", "d"].includes(words[j] as string)) continue;
      j++;
      while (j < words.length && ["la", "le", "les", "l"].includes(words[j] as string)) j++;
      const thing = words[j];
      const unknown = thing === undefined ? undefined : query.unknown.find((t) => t.surface === thing);
      if (unknown) return unknown;
    }
    return undefined;
  }

  /** "Combien parmi les 140 ?", "sur les neuf textes, combien… ?": the total is given, a part of it is asked. */
  function totalGiven(question: string): string | undefined {
    // (The question's own words: "sur les neuf accords", "parmi les 30 000 tonnes" read as the passages' numbers are.)
    const found = TOTAL_GIVEN.exec(splitWords(foldText(question)).join(" "))?.[1];
    return found === undefined ? undefined : (NUMBER_WORDS.get(found) ?? found.replace(/\s/g, ""));
  }

  /**
   * Per passage, the terms that come right after a number in it ("30 000 tonnes", "140 délégués", "neuf
   * accords"), with the numbers that count them, worked out once. Number words are stopwords for matching, so
   * the words of the text are read here.
   */
  const countedInPassage = new Map<string, Map<string, Set<string>>>();
  /**
   * Whether a sentence counts what is asked: a number right before the noun (and its complement, when the
   * question names one), other than the total the question already gives ("parmi les 140").
   */
  function passageCounts(passage: Passage, terms: string[], total?: string, askedTerms: string[] = []): boolean {
    let counted = countedInPassage.get(passage.id);
    if (!counted) {
      const byTerm = new Map<string, Set<string>>();
      // The text's own words, not the analyzer's: it reads "première" as 1, and an ordinal counts nothing.
      const words = splitWords(foldText(passage.text));
      words.forEach((word, i) => {
        if (!/^\d+$/.test(word) && !CARDINALS.has(word) && !(NUMBER_WORDS.has(word) && !ORDINAL.test(word))) return;
        // "30 000": the group of thousands belongs to the number before it, which is read whole ("30000").
        if (/^\d{3}$/.test(word) && /^\d+$/.test(words[i - 1] ?? "")) return;
        let w = NUMBER_WORDS.get(word) ?? word;
        for (let j = i + 1; /^\d+$/.test(w) && /^\d{3}$/.test(words[j] ?? ""); j++) w += words[j];
        // A year or a day of the month counts nothing ("le 4 novembre 2025 la construction de 35 puits").
        if (/^(?:1[89]|20)\d\d$/.test(w) || MONTH.test(words[i + 1] ?? "")) return;
        let seen = 0;
        for (const [k, next] of words.slice(i + 1, i + 6).entries()) {
          // "30 000 tonnes": the thousands go on the same number; another number counts what follows it.
          if (/^\d+$/.test(next)) {
            if (k === 0 && /^\d{3}$/.test(next)) continue;
            break;
          }
          if (analyzer.isStopword(next)) continue;
          for (const t of analyzer.analyze(next)) if (!t.isIntent) byTerm.set(t.term, (byTerm.get(t.term) ?? new Set()).add(w));
          // (A unit does not use up the lookahead: "20 mètres cubes d'eau" counts water, "30 000 tonnes d'engrais" fertiliser.)
          if (!UNITS.has(next) && ++seen === 2) break;
        }
      });
      countedInPassage.set(passage.id, (counted = byTerm));
    }
    const [noun, ...complements] = terms;
    // (Nothing named to count: a number that counts one of the question's words.)
    const numbers = noun === undefined ? new Set(askedTerms.flatMap((t) => [...(counted?.get(t) ?? [])])) : counted.get(noun);
    if (!numbers || numbers.size === 0 || !complements.every((t) => counted?.has(t))) return false;
    return total === undefined || [...numbers].some((n) => n !== total);
  }

  /** Refusals that say what the sources do give instead (the figure for several places together): kept as they are. */
  const saysWhatIsGiven = new WeakSet<Answer>();

  /**
   * The plural noun "quels N" asks about, when it names no kind of fact (not "quelles villes", "quels montants"),
   * as an index term: "quels documents faut-il fournir ?", "quelles filières sont proposées ?". A sentence that
   * does not say it is about something else that shares the question's other words. (Singular nouns are not held
   * to it: "quel poste ?", "quelle maladie ?" are answered by the role or the disease named, not by the noun.)
   */
  function nounAskedTerm(query: Query): string | undefined {
    const plural = askedNoun(query.text);
    const noun = plural !== undefined && plural.endsWith("s") ? plural : existenceAsked(query.text);
    if (noun === undefined || isStopword(noun)) return undefined;
    return query.terms.find((t) => !t.fromContext && t.known && t.surface === noun)?.term;
  }

  function chooseAmong(query: Query, allFaq: ScoredFaq[], allPassages: ScoredPassage[], kind: AskedKind | undefined, counted?: string[], total?: string, units?: ReadonlySet<string>): Answer {
    // "Qui" and "pourquoi" are strict for the sources' sentences only: a curated entry answers them as written, a role or a body
    // rather than a name included ("qui travaille pour Info Matin ?" → the entry on the journal and its author).
    const faqKind = kind === "agent" || kind === "cause" ? undefined : kind;
    const rankedFaq = faqKind ? allFaq.filter((s) => kindsOfEntry(s.entry).has(faqKind)) : allFaq;
    // What the question asks beyond its words (details-asked.ts): the side, the role, the names, whose age.
    const details = detailReader.detailsOf(query, kind);
    const side = details.side;
    // The best entry answers only if it says the role asked and the names the question gives (it still counts
    // as the one to lead, so that setting it aside does not make a weaker entry look clearly best).
    const answersIt = (s: ScoredFaq) => detailReader.entryTells(termsOfEntry(s.entry), details);
    const asked = query.terms.map((t) => t.term);
    const people = kind === "number" && countsPeople(query.text);
    const counts = (p: ScoredPassage) =>
      (units === undefined || statesMeasure(p.passage.text, units)) &&
      (!people || statesCount(p.passage.text) || (p.leansOn !== undefined && statesCount(p.leansOn.text))) &&
      ((!counted && !total) || passageCounts(p.passage, counted ?? [], total, asked) || (p.leansOn !== undefined && passageCounts(p.leansOn, counted ?? [], total, asked)));
    const dated = kind === "date" || kind === "day";
    // ("Quel jour aura lieu la rentrée ?": not the day the minister announced it, unless his words are what is asked.)
    const eventDay = dated && !asksAboutSaying(query.text);
    // "Quand aura lieu la prochaine tournée ?": a date after the source's news, not the tour it reports.
    const next = dated && asksForTheNext(query.text);
    const comesNext = (p: ScoredPassage) => {
      const source = sources.get(p.passage.sourceId);
      return source === undefined || source.kind !== "update" || statesDateAfter(p.passage.text, source.date);
    };
    const datesTheEvent = (p: ScoredPassage) => (!eventDay || datesBesidesSaying(p.passage, kind)) && (!next || comesNext(p));
    // "Combien coûte une clinique ?", "le prix d'une clinique ?": a sum, which "offertes par la Russie" does not tell;
    // only whether one pays ("c'est gratuit ?", "faut-il payer ?") is told by it.
    const sumAsked = kind === "amount" && !ASKS_IF_FREE.test(foldText(query.text));
    const pricedIfAsked = (p: ScoredPassage) => !sumAsked || statesSumInFigures(p.passage.text);
    const stating = kind ? allPassages.filter((p) => passageStates(p.passage, kind) && pricedIfAsked(p) && datesTheEvent(p) && counts(p) && detailReader.holdsRoleAndAge(p, details)) : allPassages;
    // A sentence that counts what is asked ("35 géologues" for "combien de géologues") says "combien" in its way.
    const numberTerm = counted || people ? kindMarkers.number?.term : undefined;
    const numberAsked = numberTerm === undefined ? undefined : query.terms.find((t) => t.term === numberTerm && !t.fromContext);
    const ofKind = numberAsked ? creditAskingWord(stating, query, numberAsked, () => true) : stating;
    const onThatSide = ofKind.filter((p) => detailReader.onSide(p, details));
    const naming = onThatSide.filter((p) => detailReader.namesUntold(p, details).length === 0);
    // A count or an amount asked of one of the names a sentence lists ("… à Djenné ?" against "200 cages entre Mopti,
    // Konna et Djenné") is not that sentence's figure, which is for them all.
    const listedWith = (p: ScoredPassage) => (kind === "number" || kind === "amount" ? detailReader.listedWith(p, details) : undefined);
    const nounAsked = kind === undefined ? nounAskedTerm(query) : undefined;
    const saysNounAsked = (p: ScoredPassage) => nounAsked === undefined || p.terms.has(nounAsked) || p.leanTerms?.has(nounAsked) === true;
    const rankedPassages = naming.filter((p) => listedWith(p) === undefined && saysNounAsked(p));
    // The sentence on the subject set aside for not saying the noun asked ("y a-t-il des camions sur le chantier ?"):
    // the sources speak of the subject, not of that.
    const nounUnsaid = nounAsked !== undefined && naming[0] !== undefined && !saysNounAsked(naming[0]) && naming[0].coverage >= THRESHOLDS.unsure ? query.terms.find((t) => t.term === nounAsked) : undefined;
    const togetherOnly = naming[0] !== undefined && naming[0] !== rankedPassages[0] && naming[0].coverage >= THRESHOLDS.answer ? listedWith(naming[0]) : undefined;
    // Sentences set aside for telling the other side: the question is about something the sources know, on a side they do not tell.
    const otherSideOnly = side !== undefined && onThatSide.length < ofKind.length && (ofKind[0]?.coverage ?? 0) >= THRESHOLDS.answer;
    // The sentence on the subject set aside for not naming what the question names ("… construits à Diéma ?"): those names are what the sources do not tell.
    const bestUnnamed = rankedPassages[0] === onThatSide[0] ? undefined : onThatSide[0];
    const untold = bestUnnamed && bestUnnamed.coverage >= THRESHOLDS.answer ? detailReader.namesUntold(bestUnnamed, details) : [];
    const unnamed = query.terms.filter((t) => untold.includes(t.term));
    const bestFaq = rankedFaq[0];
    const bestPassage = rankedPassages[0];
    const faqCoverage = bestFaq?.coverage ?? 0;
    // (The sentence shown first is the one that answers best, not always the one that covers most: see preferAnswering.)
    const passageCoverage = Math.max(0, ...rankedPassages.map((p) => p.coverage));

    const confidence = Math.max(faqCoverage, passageCoverage);
    if (query.unknown.length === query.terms.length) {
      return refusal("off_topic", say.offTopic(told), exampleQuestions(), confidence);
    }
    // A weighty word found nowhere in the knowledge is most likely the very thing asked ("âge", "hôtel"):
    // answering with what the other words match would cite an excerpt that does not say it.
    // In a choice ("pour faire des bombes ou pour le courant ?"), one alternative the article ignores is not what
    // is asked: the other one may be what it says.
    const unknownDiscount = isChoiceQuestion(query.text) ? 0.5 : 1;
    const unknownWeight = query.unknown.reduce((s, t) => s + t.weight, 0) * unknownDiscount;
    // "Le nom du navire", "le nom de l'hôtel": what is asked is that thing; if no source mentions it, none names it.
    const named = namedThing(query);
    // "À quelle date partiront-ils ?": the date of an event no source tells (its verb is nowhere) is not given.
    const untoldEvent = kind === "date" || kind === "day" || kind === "since" || kind === "time" ? query.unknown.find((t) => t.verb && !t.fromContext) : undefined;
    if (unknownWeight / query.ownWeight >= THRESHOLDS.unknownShare || named || untoldEvent) {
      const missing = named ?? untoldEvent;
      return refusal("unanswerable", say.notInArticle(missing ? [missing.surface] : query.unknown.map((t) => t.surface), told), suggestionsFrom(allFaq, query.text), confidence);
    }
    // A yes/no question has no fact of a kind to find: a sentence answers it only if it says all of it.
    const passageBar = isYesNoQuestion(query) ? YES_NO_COVERAGE : THRESHOLDS.answer;
    const newer = newerKnowledge(bestFaq, rankedPassages, passageBar);
    if (newer) return fromPassages(newer);
    if (bestFaq && answersIt(bestFaq) && faqCoverage >= THRESHOLDS.answer && faqCoverage >= passageCoverage) return fromFaq(bestFaq, rankedFaq);
    if (bestPassage && passageCoverage >= passageBar) return fromPassages(rankedPassages);
    // Every word is known and one entry clearly leads: the question is about it, even if phrased far from its wording.
    const second = rankedFaq[1];
    // (Not among candidates kept for stating a date or a number: the lead would be over what is left, not over all.)
    if (bestFaq && answersIt(bestFaq) && !faqKind && query.unknown.length === 0 && faqCoverage >= THRESHOLDS.unsure && bestFaq.rank - (second?.rank ?? 0) >= THRESHOLDS.lead) {
      return fromFaq(bestFaq, rankedFaq);
    }
    if (otherSideOnly) return refusal("unanswerable", say.notInArticle([`côté ${side.word}`], told), suggestionsFrom(allFaq, query.text), confidence);
    if (unnamed.length > 0) return refusal("unanswerable", say.notInArticle(unnamed.map((t) => t.surface), told), suggestionsFrom(allFaq, query.text), Math.max(confidence, bestUnnamed?.coverage ?? 0));
    if (togetherOnly) {
      const refused = refusal("unanswerable", say.onlyTogether(togetherOnly.name, togetherOnly.names, told), suggestionsFrom(allFaq, query.text), Math.max(confidence, naming[0]?.coverage ?? 0));
      saysWhatIsGiven.add(refused);
      return refused;
    }
    if (nounUnsaid) return refusal("unanswerable", say.notInArticle([nounUnsaid.surface], told), suggestionsFrom(allFaq, query.text), Math.max(confidence, naming[0]?.coverage ?? 0));
    if (confidence >= THRESHOLDS.unsure) {
      return refusal("unsure", say.unsure(), suggestionsFrom(allFaq, query.text), confidence);
    }
    return refusal("off_topic", say.offTopic(told), exampleQuestions(), confidence);
  }

  function ask(rawQuestion: string, options: AskOptions = {}): Answer {
    const question = stripControlCharacters(typeof rawQuestion === "string" ? rawQuestion : "").trim();
    if (question.length === 0) return refusal("invalid", say.empty());
    // Measured after compatibility normalisation too: "ﬁ" becomes "fi", so 999 ligatures are 1,998 letters to analyse.
    const length = Math.max(question.length, question.normalize("NFKC").length);
    if (length > MAX_QUESTION_LENGTH) return refusal("invalid", say.tooLong(length, MAX_QUESTION_LENGTH));
    if (!hasLatinContent(question)) {
      return refusal("invalid", countNonLatinLetters(question) > 0 ? say.otherScript() : say.noWords());
    }
    if (looksLikeCode(question, isFrenchWord)) return refusal("invalid", say.notAQuestion());
    const unframed = withoutSourceFraming(question);
    if (unframed !== question) return ask(unframed, options);
    // Asked in English: read in French, answered from the same knowledge, in French (said in one English line).
    if (isEnglish(question)) return inEnglish(askFrench(toFrench(question, isSourceName), options.context));
    return askFrench(question, options.context);
  }

  function inEnglish(answer: Answer): Answer {
    return { ...answer, text: `${say.englishNote(answer.answered)}\n\n${answer.text}`, language: "en" };
  }

  function askFrench(question: string, context?: string): Answer {
    const words = analyzer.words(question);
    const smallTalk = detectSmallTalk(words, isStopword);
    if (smallTalk) return refusal("smalltalk", SMALL_TALK_REPLIES[smallTalk], []);
    if (context) return followUps.answer(question, context);
    const answer = askAlone(question);
    return { ...answer, subject: followUps.subjectOf(question, answer) };
  }

  function askAlone(question: string): Answer {
    const query = queryOf(question);
    if (query.terms.length === 0) return refusal("unsure", say.tooVague());
    const answer = decide(query);
    // "Qui a écrit l'article et pour quel journal ?": two questions in one message, each answered on its own.
    const parts = questionParts(question);
    if (parts.length >= 2) {
      const each = answerEach(parts);
      // A part with no word of its own ("et combien étaient-ils ?") leans on the other: then the whole message reads better.
      const useParts = each.found.length >= 2 || (each.found.length === 1 && (!answer.answered || each.vague === 0));
      if (useParts) return combine(each.found, each.notFound);
    }
    if (answer.answered) return answer;
    // A long message often tells a story before asking ("je suis étudiant… c'est quoi les objectifs ?"): the
    // story's words are unknown to the article and would make the question look unanswerable. Try the question alone.
    const focused = askedSentence(question);
    if (!focused) return answer;
    const focusedQuery = queryOf(focused);
    if (focusedQuery.terms.length === 0) return answer;
    const focusedAnswer = decide(focusedQuery);
    return focusedAnswer.answered ? focusedAnswer : answer;
  }

  /** Each part asked on its own: the answers found (one per FAQ entry or passage), the parts the article does not answer, the parts too vague to ask alone. */
  function answerEach(parts: string[]): { found: Answer[]; notFound: string[]; vague: number } {
    const found: Answer[] = [];
    const notFound: string[] = [];
    let vague = 0;
    for (const whole of parts) {
      // "Je suis étudiant. Qui a conduit la délégation ?": a part, too, may tell a story before it asks.
      const part = askedSentence(whole) ?? whole;
      const query = queryOf(part);
      if (query.terms.length === 0) {
        vague++;
        continue;
      }
      const answer = decide(query);
      if (answer.answered) {
        if (!found.some((f) => f.match?.id === answer.match?.id)) found.push(answer);
      } else if (answer.status === "unanswerable" || answer.status === "off_topic") {
        notFound.push(part.replace(/^et\s+/i, ""));
      } else {
        vague++;
      }
    }
    return { found, notFound, vague };
  }

  /** One reply to several questions: the answers found, in order, with their excerpts (three at most), and what the article does not say. */
  function combine(found: Answer[], notFound: string[]): Answer {
    const first = found[0] as Answer;
    if (found.length === 1 && notFound.length === 0) return first;
    // Each answer's first excerpt, then the others while there is room.
    const citations: Citation[] = [];
    for (const round of [0, 1, 2]) {
      for (const a of found) {
        const c = a.citations[round];
        if (c && citations.length < 3 && !citations.some((x) => sameExcerpt(x, c))) citations.push(c);
      }
    }
    const texts = found.map((a) => a.text);
    if (notFound.length > 0) texts.push(say.partNotInArticle(notFound, told));
    return {
      ...first,
      text: texts.join("\n\n"),
      citations,
      score: Math.min(...found.map((a) => a.score)),
      debug: found.map((a) => a.debug).join(" | "),
    };
  }

  const idByFirstQuestion = new Map(knowledge.faq.map((e) => [e.questions[0] as string, e.id]));

  return {
    ask,
    answerEntry: (id) => {
      const entry = faq.get(id);
      return entry ? { ...fromFaq({ entry, coverage: 1, rank: 1 }), subject: `${entry.questions[0]} ${entry.answer}` } : undefined;
    },
    faqIdOfSuggestion: (question) => idByFirstQuestion.get(question),
    normalizedTerms: (question) => {
      const query = index.query(isEnglish(question) ? toFrench(question) : question);
      return [...new Set([...query.terms.map((t) => t.term), ...query.intents])].sort();
    },
    nearestEntry: (question) => {
      const best = index.scoreFaq(index.query(question))[0];
      return best ? { id: best.entry.id, question: best.entry.questions[0] as string, score: round(best.coverage), unanswered: best.entry.unanswered === true } : undefined;
    },
    relatedQuestions: (question, exceptId) =>
      suggestionsFrom(
        index.scoreFaq(index.query(question)).filter((s) => s.entry.id !== exceptId),
        question,
      )
        .filter((q) => idByFirstQuestion.get(q) !== exceptId)
        .slice(0, 2),
    knowledge,
    sourceById: (id) => sources.get(id),
    faqById: (id) => faq.get(id),
    exampleQuestions,
    lexiconConflicts: () => [...analyzer.conflicts],
    stats: () => ({
      sources: knowledge.sources.length,
      passages: knowledge.passages.length,
      faqEntries: knowledge.faq.length,
      vocabulary: index.vocabularySize,
    }),
  };
}

/** French words around a number that make it a question ("ils étaient 60 ?"), not a bare figure ("3", "60 ?"). */
const MIN_WORDS_AROUND_A_NUMBER = 2;

/**
 * A question is about something through a word of the knowledge: a bare number ("3", "60 ?", "true ? 1;2;3")
 * asks nothing the knowledge can answer; the decision stages never see such a query. A number within a
 * French sentence ("est-ce qu'ils étaient 60 ?") is a figure being checked.
 */
function hasMeaningfulContent(query: Query, question: string, isFrenchWord: (w: string) => boolean): boolean {
  if (query.terms.length === 0) return false;
  if (query.terms.some((t) => !/^\d+$/.test(t.term))) return true;
  const around = splitWords(foldText(question)).filter((w) => /\p{L}/u.test(w) && isFrenchWord(w));
  return around.length >= MIN_WORDS_AROUND_A_NUMBER;
}

/** Two citations of one paragraph where one quote holds the other: showing both repeats the article. */
function sameExcerpt(a: Citation, b: Citation): boolean {
  return a.sourceId === b.sourceId && a.paragraph === b.paragraph && (a.quote.includes(b.quote) || b.quote.includes(a.quote));
}

/** The query without some of its terms, weights recounted. */
function withoutTerms(query: Query, drop: QueryTerm[]): Query {
  const terms = query.terms.filter((t) => !drop.includes(t));
  const weightOf = (ts: QueryTerm[]) => ts.reduce((sum, t) => sum + t.weight, 0);
  return { ...query, terms, contentWeight: weightOf(terms), ownWeight: weightOf(terms.filter((t) => !t.fromContext)), unknown: query.unknown.filter((t) => !drop.includes(t)) };
}

function round(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}
