import { type Analyzer, namesIn, type Token } from "../normalize/analyzer.ts";
import { frenchLexicon } from "../normalize/french-lexicon.ts";
import { STOPWORDS } from "../normalize/french.ts";
import { frenchWords } from "../normalize/language-data.ts";
import { stemFrench } from "../normalize/stem.ts";
import { foldText } from "../normalize/text.ts";
import type { FaqEntry, Knowledge, Passage } from "../knowledge/types.ts";
import { answerType } from "../asked-kind.ts";
import { ClippedWords } from "./clipped-words.ts";
import { SoundAlikeIndex } from "./sound-alike.ts";
import { TypoIndex } from "./typo-index.ts";
import { INTENT_WEIGHT, termSet, type TermSet } from "./weighted-terms.ts";

/**
 * A question word that appears nowhere in the knowledge weighs as much as a
 * term found in a single document times this factor: an unknown word is
 * likely the very thing asked ("âge", "hôtel"), so it must pull the
 * confidence down, but a little less than a rare known word pushes it up.
 */
const UNKNOWN_WEIGHT_FACTOR = 0.9;
/**
 * A term that a question word stands for ("quand" → date) weighs at most
 * this: it says what kind of fact is asked, not which one. At full weight,
 * "le nucléaire c'est pour quand ?" matched the arrival date on "quand" alone.
 */
const QUESTION_WORD_TERM_WEIGHT = 1.0;
/** A word of the previous question weighs this share in a follow-up ("et il a quel âge ?"). */
const CONTEXT_TERM_WEIGHT = 0.3;

/** A question word found only in the sentence a passage leans on counts for this share. */
const CONTEXT_CREDIT = 0.7;
/**
 * A question word found only elsewhere in the sentence's paragraph, or in its source's title, counts for this
 * share: a news brief says what it is about once ("30 000 tonnes d'engrais… réceptionnées") and the sentence
 * that answers ("La cérémonie était présidée par…") does not repeat it.
 */
const SURROUNDING_CREDIT = 0.5;
/**
 * Among the sentences of the source that answers best, which one to show: its title's words count this much in
 * each sentence that says something of the question itself. The title says what every sentence of a brief is
 * about, so it does not tell them apart; what does is the rest of the question ("les travaux du lycée", "qui dirige
 * la SAE"), which the first sentence, repeating the title, would otherwise outweigh. Only the order changes: the
 * coverage that decides whether the sources answer stays as lent above.
 */
const TITLE_CHOICE_CREDIT = 0.75;
/** The paragraphs of this many best candidates lend their words to their other sentences too. */
const SIBLING_SOURCES = 5;
/** …to the sentences at most this many before or after (a news paragraph has a few). */
const SIBLING_REACH = 4;
/** Sentences lent their surroundings' words: the best this many on their own words. */
const LENDING_POOL = 64;

/**
 * A sentence that opens with a pronoun or a demonstrative ("Elle était coprésidée…", "Celle-ci sera dotée…",
 * "Ce texte concrétise…", "Les travaux ont abouti…") leans on the one before: what it is about is said there.
 */
const LEANS_ON_PREVIOUS = /^(?:il|elle|ils|elles|celle-ci|celui-ci|ceux-ci|celles-ci|cette derni[eè]re|ce dernier|ces derniers|ceci|cela|ce|cet|cette|ces|son|sa|ses|leur|leurs|les travaux|le texte|selon (?:lui|elle|eux))\b/iu;
/**
 * A sentence that opens with a generic noun ("L'ouvrage est évalué à…", "Le chantier a été inauguré…") speaks of
 * what its brief is about, which the title names ("Tramway de Bamako : …"): the title's words count this share
 * in it, as its own words would nearly (not the share a title lends every sentence: which sentence says what
 * the brief is about is what the others do not make clear).
 */
const SUBJECT_CREDIT = 0.75;
const SUBJECT_NOUNS = frenchWords().subjectNouns;
/** A first clause opening with a past or present participle ("organisee par…", "presidant…"), then the subject's article and noun. */
const PARTICIPIAL_OPENING = /^[a-z]+(?:e|ee|es|ees|i|ie|is|ies|it|ite|its|u|ue|us|ues|ant)\s[^,]{1,120},\s+(?:le|la|l|les)\s+([a-z]+)/;
export function opensWithSubjectNoun(sentence: string): boolean {
  // (So does a sentence that opens with someone's words, "« Nous espérons… », a déclaré X": they speak of it.)
  if (/^\s*[«“"]/u.test(sentence)) return true;
  const folded = foldText(sentence).replace(/['’]/g, " ").trim();
  // (Or after an opening participial clause: "Organisée par la Maison russe, la manifestation a attiré…",
  // "Inscrit au volet éducatif…, le chantier est estimé…": the noun after the comma is the subject.)
  const noun = /^(?:le|la|l)\s+([a-z]+)/.exec(folded)?.[1] ?? PARTICIPIAL_OPENING.exec(folded)?.[1];
  return noun !== undefined && SUBJECT_NOUNS.has(noun);
}
export function leansOnPrevious(sentence: string): boolean {
  return LEANS_ON_PREVIOUS.test(sentence.trim());
}

/**
 * What the newest source adds to a sentence's rank over the oldest (sources in between get their share): between
 * sentences of two briefs that cover a question about as well ("qui finance le reste ?", "l'ingénieur en chef ?"),
 * people most likely ask about the latest news. Only the order changes, never the coverage that decides whether
 * the sources answer.
 */
const RECENCY_PREFERENCE = 0.03;

/** An unknown verb weighs this share of an unknown word. */
const UNKNOWN_VERB_FACTOR = 0.5;
/** The type noun of "quel X ?" ("quelle ville") weighs this share of a word: a hint, never a reason to refuse. */
const TYPE_NOUN_WEIGHT = 0.3;
/** A corrected typo counts for this share of a matched word. */
const CORRECTION_CREDIT = 0.85;
/**
 * Words that place or bound what is asked rather than name it ("la prochaine réunion", "l'âge maximum"; the list
 * is lang/fr/words.yaml's): one the knowledge lacks is how the question is put, and weighs this share of an
 * unknown word; the rest of the question says what is asked.
 */
const QUALIFIERS = frenchWords().qualifiers;
const QUALIFIER_FACTOR = 0.3;

export interface QueryTerm {
  term: string;
  weight: number;
  known: boolean;
  credit: number;
  surface: string;
  /** From the previous question of the conversation, not from this message ("et il a quel âge ?"). */
  fromContext?: boolean;
  /** The word is a verb or a participle ("inauguré", "présidait"): the event the question is about. */
  eventive?: boolean;
  /** A conjugated verb, not a participle used as an adjective ("partiront", not "closes"). */
  verb?: boolean;
  /** The type noun of "quel X ?" ("quelle ville", "quelle superficie"): the kind of fact asked, not what it is about. */
  typeNoun?: boolean;
  /** A question word read as a term ("quand" → date, "pourquoi" → raison): what is asked, not what it is about. */
  questionWord?: boolean;
}

export interface Query {
  /** The question as asked. */
  text: string;
  terms: QueryTerm[];
  intents: Set<string>;
  /** Sum of content weights (intents excluded). */
  contentWeight: number;
  /** The part of contentWeight that this message's own words carry (all of it without a conversation context). */
  ownWeight: number;
  /** Unknown words of this message (context words are known by construction). */
  unknown: QueryTerm[];
  /** Only sentences of this source may answer (a follow-up kept to the update the conversation is about). */
  withinSource?: string;
}

interface FaqDoc {
  entry: FaqEntry;
  phrasings: TermSet[];
  content: Set<string>;
  /** Question intents its phrasings carry ("?combien" for the size of the delegation). */
  intents: Set<string>;
}

interface PassageDoc {
  passage: Passage;
  set: TermSet;
  /** The sentence before, when this one leans on it ("Elle était coprésidée par…"): its terms count too, for less. */
  leansOn?: Passage;
  leanTerms?: ReadonlySet<string>;
  /** The terms of its paragraph and of its source's title (shared by the sentences of a paragraph). */
  paragraphTerms: ReadonlySet<string>;
  titleTerms: ReadonlySet<string>;
  /** It opens with a generic noun ("L'ouvrage…"): it speaks of what the title names. */
  namesTitle?: boolean;
  topicTerms: ReadonlySet<string>;
  /** How recent its source is among the sources: 0 for the oldest, 1 for the newest. */
  recency: number;
}

export interface ScoredFaq {
  entry: FaqEntry;
  /** Share of the question's content weight found in the entry (its phrasings, answer and quotes). */
  coverage: number;
  /** Ranking score: best phrasing similarity blended with coverage. */
  rank: number;
}

export interface ScoredPassage {
  passage: Passage;
  coverage: number;
  rank: number;
  /** The sentence before, which the reader needs to understand this one (it starts with "Il", "Celle-ci"…). */
  leansOn?: Passage;
  /** The sentence's own terms (not those its surroundings lend it). */
  terms: ReadonlySet<string>;
  /** The terms of the sentence it leans on. */
  leanTerms?: ReadonlySet<string>;
  /** The terms of its paragraph and of its source's title (what lends it words). */
  surroundingTerms?: readonly ReadonlySet<string>[];
  /** What its source is about: the title's terms, and those two or more of its sentences say. */
  topicTerms?: ReadonlySet<string>;
}

/**
 * The index over the whole knowledge, built once: term statistics, FAQ
 * phrasings, passages with their postings, and the typo index.
 */
export class KnowledgeIndex {
  private readonly df = new Map<string, number>();
  private readonly documentCount: number;
  private readonly faqDocs: FaqDoc[];
  /**
   * FAQ postings, so that a question only visits the entries and phrasings that share a term with it (scanning
   * all ~970 phrasings of 72 entries was most of an ask): by term, the entries whose content has it, the entries
   * whose phrasings carry it as an intent, and the phrasings (numbered across entries).
   */
  private readonly faqContentPostings = new Map<string, number[]>();
  private readonly faqIntentPostings = new Map<string, number[]>();
  private readonly phrasingPostings = new Map<string, number[]>();
  /** Per phrasing (numbered across entries): its entry and its total weight. */
  private readonly phrasingDoc: Int32Array;
  private readonly phrasingTotal: Float64Array;
  private readonly faqScratch: {
    covered: Float64Array;
    intentsShared: Float64Array;
    bestSimilarity: Float64Array;
    credited: Float64Array;
    exact: Float64Array;
    touchedDocs: Int32Array;
    touchedPhrasings: Int32Array;
  };
  private readonly passageDocs: PassageDoc[];
  /** Per passage, a number for its paragraph (the same number, the same paragraph of the same source). */
  private readonly paragraphOf: Int32Array;
  private readonly postings = new Map<string, number[]>();
  /** Terms of the sentence a passage leans on, by passage. */
  private readonly contextPostings = new Map<string, number[]>();
  private readonly typos: TypoIndex;
  private readonly soundAlikes: SoundAlikeIndex;
  private readonly clipped: ClippedWords;
  /** Per source, the terms of its title. */
  private readonly titleTerms = new Map<string, ReadonlySet<string>>();
  private readonly termTypos: TypoIndex;
  private readonly unknownWeight: number;
  private readonly dictionary = frenchLexicon();
  private readonly questionWordTerms: Set<string>;

  constructor(
    private readonly analyzer: Analyzer,
    knowledge: Pick<Knowledge, "faq" | "passages"> & Partial<Pick<Knowledge, "sources">>,
  ) {
    this.questionWordTerms = analyzer.questionWordTerms();
    const faqTokens = knowledge.faq.map((entry) => ({
      entry,
      phrasings: entry.questions.map((q) => analyzer.analyze(q)),
      content: [entry.answer, ...entry.citations.map((c) => c.quote)].map((t) => analyzer.analyze(t)),
    }));
    const passageTokens = knowledge.passages.map((passage) => ({ passage, tokens: analyzer.analyze(passage.text) }));

    // Document frequency over FAQ entries and passages alike: each is one document.
    const surfaces: string[] = [];
    const countDocument = (tokens: Token[]) => {
      for (const term of new Set(tokens.filter((t) => !t.isIntent).map((t) => t.term))) {
        this.df.set(term, (this.df.get(term) ?? 0) + 1);
      }
      for (const t of tokens) if (!t.isIntent && !t.surface.includes(" ")) surfaces.push(t.surface);
    };
    for (const f of faqTokens) countDocument([...f.phrasings.flat(), ...f.content.flat()]);
    for (const p of passageTokens) countDocument(p.tokens);
    this.documentCount = Math.max(1, faqTokens.length + passageTokens.length);
    this.unknownWeight = this.idfOf(1) * UNKNOWN_WEIGHT_FACTOR;
    // A lexicon form is a typo target only when the knowledge has what it means: correcting "finacement" into a
    // word of a group no source uses would find nothing (and the general lists hold thousands of such forms).
    for (const form of analyzer.lexiconForms()) {
      if (analyzer.isStopword(form)) continue;
      const term = analyzer.analyze(form)[0]?.term;
      if (term !== undefined && this.df.has(term)) surfaces.push(form);
    }
    // Long stopwords are typo targets too, so that "histoir" is recognised as a filler word and dropped.
    for (const word of [...STOPWORDS, ...analyzer.frameWords()]) if (word.length >= 5) surfaces.push(word);
    this.typos = new TypoIndex(surfaces);
    // (Forms of one word by the light stemmer: the Lefff's lemmas for every colliding form cost 60 ms at start-up.)
    this.soundAlikes = new SoundAlikeIndex(surfaces, (a, b) => stemFrench(a) === stemFrench(b));
    this.clipped = new ClippedWords(surfaces, (w) => (analyzer.isStopword(w) ? undefined : analyzer.analyze(w)[0]?.term));
    this.termTypos = new TypoIndex([...[...this.df.keys()].filter((t) => !t.includes("_")), ...analyzer.lexiconStems((term) => this.df.has(term))]);

    const weight = (t: string) => this.weight(t);
    this.faqDocs = faqTokens.map((f) => ({
      entry: f.entry,
      phrasings: f.phrasings.map((tokens) => termSet(tokens, weight)),
      // A "the article does not say" entry is found by its phrasings only: its text and quotes tell what the article says instead.
      content: new Set([...f.phrasings.flat(), ...(f.entry.unanswered ? [] : f.content.flat())].filter((t) => !t.isIntent).map((t) => t.term)),
      intents: new Set(f.phrasings.flat().filter((t) => t.isIntent).map((t) => t.term)),
    }));
    const add = (postings: Map<string, number[]>, term: string, i: number) => {
      const list = postings.get(term);
      if (list) list.push(i);
      else postings.set(term, [i]);
    };
    const phrasingCount = this.faqDocs.reduce((n, doc) => n + doc.phrasings.length, 0);
    this.phrasingDoc = new Int32Array(phrasingCount);
    this.phrasingTotal = new Float64Array(phrasingCount);
    let k = 0;
    this.faqDocs.forEach((doc, d) => {
      for (const term of doc.content) add(this.faqContentPostings, term, d);
      for (const intent of doc.intents) add(this.faqIntentPostings, intent, d);
      for (const phrasing of doc.phrasings) {
        this.phrasingDoc[k] = d;
        this.phrasingTotal[k] = phrasing.total;
        for (const term of phrasing.terms) add(this.phrasingPostings, term, k);
        k++;
      }
    });
    this.faqScratch = {
      covered: new Float64Array(this.faqDocs.length),
      intentsShared: new Float64Array(this.faqDocs.length),
      bestSimilarity: new Float64Array(this.faqDocs.length),
      credited: new Float64Array(phrasingCount),
      exact: new Float64Array(phrasingCount),
      touchedDocs: new Int32Array(this.faqDocs.length),
      touchedPhrasings: new Int32Array(phrasingCount),
    };
    const titleTerms = this.titleTerms;
    for (const source of knowledge.sources ?? []) titleTerms.set(source.id, contentTerms(analyzer.analyze(source.title)));
    const paragraphTerms = new Map<string, Set<string>>();
    for (const p of passageTokens) {
      const key = `${p.passage.sourceId}#${p.passage.paragraph}`;
      const terms = paragraphTerms.get(key) ?? new Set<string>();
      for (const t of contentTerms(p.tokens)) terms.add(t);
      paragraphTerms.set(key, terms);
    }
    // What a source is about: its title, and what two or more of its sentences say ("SAE", "la compagnie").
    const topicTerms = new Map<string, Set<string>>();
    const seenOnce = new Map<string, Set<string>>();
    /**
     * Per source, its first sentence's paragraph and the names that sentence introduces ("La Société de transport
     * urbain de Bamako (Sotrub) a réceptionné…").
     */
    const leads = new Map<string, { paragraph: number; names: ReadonlySet<string> }>();
    for (const p of passageTokens) {
      const id = p.passage.sourceId;
      const once = seenOnce.get(id) ?? new Set<string>();
      if (!leads.has(id)) {
        const names = namesIn(p.passage.text);
        leads.set(id, { paragraph: p.passage.paragraph, names: new Set(p.tokens.filter((t) => !t.isIntent && names.has(t.surface)).map((t) => t.term)) });
      }
      const topic = topicTerms.get(id) ?? new Set<string>(titleTerms.get(id) ?? []);
      for (const t of contentTerms(p.tokens)) (once.has(t) ? topic : once).add(t);
      seenOnce.set(id, once);
      topicTerms.set(id, topic);
    }
    const paragraphNumbers = new Map<string, number>();
    this.paragraphOf = Int32Array.from(passageTokens, (p) => {
      const key = `${p.passage.sourceId}#${p.passage.paragraph}`;
      let n = paragraphNumbers.get(key);
      if (n === undefined) paragraphNumbers.set(key, (n = paragraphNumbers.size));
      return n;
    });
    // Sources by date: the newest is what people ask about first when a question fits two of them as well.
    // (Worked out once per source: a rank lookup per passage would scan the dates 100,000 times on a big base.)
    const dates = [...new Set((knowledge.sources ?? []).map((s) => s.date))].sort();
    const rankOfDate = new Map(dates.map((d, i) => [d, i]));
    const recencyOfSource = new Map((knowledge.sources ?? []).map((s) => [s.id, dates.length < 2 ? 0 : (rankOfDate.get(s.date) ?? 0) / (dates.length - 1)]));
    const recencyOf = (sourceId: string) => recencyOfSource.get(sourceId) ?? 0;
    const withLead = new Map<string, ReadonlySet<string>>();
    const leadParagraphTopic = (passage: Passage): ReadonlySet<string> => {
      const topic = topicTerms.get(passage.sourceId) ?? NO_TERMS;
      const lead = leads.get(passage.sourceId);
      if (lead?.paragraph !== passage.paragraph) return topic;
      let joined = withLead.get(passage.sourceId);
      if (!joined) withLead.set(passage.sourceId, (joined = new Set([...topic, ...lead.names])));
      return joined;
    };
    this.passageDocs = passageTokens.map((p, i) => {
      const set = termSet(p.tokens.filter((t) => !t.isIntent), weight);
      for (const term of set.terms) add(this.postings, term, i);
      const before = passageTokens[i - 1];
      const leans = before !== undefined && before.passage.sourceId === p.passage.sourceId && before.passage.paragraph === p.passage.paragraph && leansOnPrevious(p.passage.text);
      const paragraph = paragraphTerms.get(`${p.passage.sourceId}#${p.passage.paragraph}`) ?? NO_TERMS;
      const title = titleTerms.get(p.passage.sourceId) ?? NO_TERMS;
      // (The sentences of the lead's paragraph speak of what it names, unnamed: "Le ticket sera vendu à 250 FCFA"
      // after the lead on the Sotrub's buses. A later paragraph may be about something else: "Une deuxième tranche
      // … près de Diéma" is not what the lead's company built.)
      const topic = leadParagraphTopic(p.passage);
      const recency = recencyOf(p.passage.sourceId);
      const namesTitle = opensWithSubjectNoun(p.passage.text);
      if (!leans) return { passage: p.passage, set, paragraphTerms: paragraph, titleTerms: title, topicTerms: topic, recency, ...(namesTitle ? { namesTitle } : {}) };
      const leanTerms = contentTerms(before.tokens);
      for (const t of leanTerms) if (!set.terms.has(t)) add(this.contextPostings, t, i);
      return { passage: p.passage, set, leansOn: before.passage, leanTerms, paragraphTerms: paragraph, titleTerms: title, topicTerms: topic, recency };
    });
  }

  get vocabularySize(): number {
    return this.df.size;
  }

  isKnownTerm(term: string): boolean {
    return this.df.has(term);
  }

  private readonly sourcesOfTerm = new Map<string, ReadonlySet<string>>();
  /** The sources whose sentences say a term (worked out per term when first asked). */
  sourcesSaying(term: string): ReadonlySet<string> {
    let found = this.sourcesOfTerm.get(term);
    if (!found) {
      const sources = new Set<string>();
      for (const i of this.postings.get(term) ?? []) sources.add((this.passageDocs[i] as PassageDoc).passage.sourceId);
      if (this.sourcesOfTerm.size > 100_000) this.sourcesOfTerm.clear();
      this.sourcesOfTerm.set(term, (found = sources));
    }
    return found;
  }

  /** The terms of a source's title: what an update is about. */
  titleTermsOf(sourceId: string): ReadonlySet<string> {
    return this.titleTerms.get(sourceId) ?? NO_TERMS;
  }

  /** A folded word of French: a function word, a word of the dictionary, or one the knowledge uses (names). */
  isFrenchWord(word: string): boolean {
    return this.analyzer.isStopword(word) || this.dictionary.has(word) || this.typos.has(word);
  }

  /** BM25's idf, always positive: rarer terms weigh more. */
  private idfOf(df: number): number {
    return Math.log(1 + (this.documentCount - df + 0.5) / (df + 0.5));
  }

  weight(term: string): number {
    const df = this.df.get(term);
    if (df === undefined) return this.unknownWeight;
    const idf = this.idfOf(df);
    return this.questionWordTerms.has(term) ? Math.min(idf, QUESTION_WORD_TERM_WEIGHT) : idf;
  }

  /**
   * The question as index terms. With `context` (the previous question of a conversation, for a message that
   * leans on it), the context's known terms join at CONTEXT_TERM_WEIGHT: they say what "il", "ça", "et X ?" are
   * about, and never make the message look unanswerable.
   */
  query(text: string, context?: string, contextShare = Infinity): Query {
    const own = this.ownQuery(text);
    if (!context) return own;
    const byTerm = new Map(own.terms.map((t) => [t.term, t]));
    // (The previous question's question words asked it, not this message: its "quand" asks no date here.)
    const added = this.ownQuery(context).terms.filter((t) => t.known && !t.questionWord && !byTerm.has(t.term));
    // With a share, the context's words together weigh at most that share of the message's own known words.
    const ownKnown = own.terms.filter((t) => t.known && !t.questionWord).reduce((sum, t) => sum + t.weight, 0);
    const contextTotal = added.reduce((sum, t) => sum + t.weight * CONTEXT_TERM_WEIGHT, 0);
    const scale = ownKnown > 0 && contextTotal > ownKnown * contextShare ? (ownKnown * contextShare) / contextTotal : 1;
    for (const t of added) byTerm.set(t.term, { ...t, weight: t.weight * CONTEXT_TERM_WEIGHT * scale, fromContext: true });
    const terms = [...byTerm.values()];
    return { ...own, terms, contentWeight: terms.reduce((s, t) => s + t.weight, 0) };
  }

  private ownQuery(text: string): Query {
    const tokens = this.analyzer.analyze(text, {
      isKnownTerm: (t) => this.isKnownTerm(t),
      isDictionaryWord: (w) => this.dictionary.has(w),
      categoryOf: (w) => this.dictionary.category(w),
      // A word no dictionary has that begins words of the sources of one meaning ("carto") is cut from them, before
      // it is a typo of another ("cargo", one letter away): the clipping holds every letter it has, the typo does not.
      correctWord: (w) => this.clipped.expand(w) ?? this.typos.correct(w) ?? this.soundAlikes.match(w),
      correctTerm: (t) => this.termTypos.correct(t),
      expandClipping: (w) => this.clipped.expand(w),
    });
    const intents = new Set(tokens.filter((t) => t.isIntent).map((t) => t.term));
    // "Dans quelle ville…": the type noun says what kind of fact is wanted (asked-kind.ts), not what it is about.
    const asked = answerType(text);
    const typeNoun = asked?.noun;
    // (A purpose noun, "quel est le but… ?", keeps its weight: it is how curated phrasings ask for the purpose too;
    // so does the noun of a few keywords, "coût campagne", which is half of what they say.)
    const typeNounWeight = asked?.kind === "cause" || asked?.keyword ? 1 : TYPE_NOUN_WEIGHT;
    const byTerm = new Map<string, QueryTerm>();
    for (const token of tokens) {
      const t = this.asVerbIfKnown(token);
      if (t.isIntent || byTerm.has(t.term)) continue;
      const isTypeNoun = typeNoun !== undefined && (t.surface === typeNoun || t.correctedFrom === typeNoun);
      const known = isTypeNoun || this.isKnownTerm(t.term);
      // A verb or an adjective the knowledge lacks ("apposer", "portuaire") is more often a way of saying than the
      // fact asked; a missing noun ("âge", "salaire") is the fact asked.
      const category = t.surface.includes(" ") ? undefined : this.dictionary.category(t.surface);
      const lightUnknown = !known && (category === "verb" || category === "adjective");
      // A verb or a participle ("inauguré"), not a noun made from a verb ("étudiants" reads as "étudier" too).
      const base = category === "verb" || category === "adjective" ? this.dictionary.base(t.surface) : undefined;
      byTerm.set(t.term, {
        ...(base && this.dictionary.category(base) === "verb" ? { eventive: true, ...(category === "verb" ? { verb: true } : {}) } : {}),
        ...(isTypeNoun ? { typeNoun: true } : {}),
        ...(this.questionWordTerms.has(t.term) ? { questionWord: true } : {}),
        term: t.term,
        weight: this.weight(t.term) * (isTypeNoun ? typeNounWeight : 1) * (lightUnknown ? UNKNOWN_VERB_FACTOR : 1) * (!known && t.surface.split(" ").some((w) => QUALIFIERS.has(w)) ? QUALIFIER_FACTOR : 1),
        known,
        credit: t.correctedFrom ? CORRECTION_CREDIT : 1,
        surface: t.correctedFrom ?? t.surface,
      });
    }
    const terms = [...byTerm.values()];
    const contentWeight = terms.reduce((s, t) => s + t.weight, 0);
    return { text, terms, intents, contentWeight, ownWeight: contentWeight, unknown: terms.filter((t) => !t.known) };
  }

  /**
   * A word that reads as a noun the knowledge lacks, and is also a form of a verb it has: the verb is meant
   * ("la SAE dessert quelles villes ?": "desservir", not the dessert; "qui a payé ?" read as "payer", not the
   * noun "paye", which "payé" folds to).
   */
  private asVerbIfKnown(t: Token): Token {
    if (t.isIntent || t.surface.includes(" ") || this.isKnownTerm(t.term)) return t;
    const verb = this.dictionary.verbBase(t.surface);
    const term = verb === undefined ? undefined : this.analyzer.analyze(verb).find((x) => !x.isIntent)?.term;
    return term !== undefined && this.isKnownTerm(term) ? { ...t, term } : t;
  }

  scoreFaq(query: Query): ScoredFaq[] {
    if (query.terms.length === 0) return [];
    const intentWeight = query.intents.size * INTENT_WEIGHT;
    const queryTotal = query.contentWeight + intentWeight;
    // Sums in the same order as a scan of every entry would make them (terms in order, then intents), so the
    // scores are the same to the last bit; only entries sharing something with the question are visited. The
    // accumulators are typed arrays kept between calls and reset after use (an ask never re-enters this).
    const { covered, intentsShared, bestSimilarity, credited, exact, touchedDocs, touchedPhrasings } = this.faqScratch;
    let docCount = 0;
    let phrasingCount = 0;
    const touchDoc = (d: number) => {
      if (covered[d] === 0 && intentsShared[d] === 0 && bestSimilarity[d] === 0) touchedDocs[docCount++] = d;
    };
    for (const t of query.terms) {
      // A term of no weight changes no sum; skipping it also keeps each touched slot listed once.
      if (!(t.weight > 0)) continue;
      const w = t.weight * t.credit;
      for (const d of this.faqContentPostings.get(t.term) ?? []) {
        if (w === 0) continue;
        touchDoc(d);
        covered[d] = (covered[d] as number) + w;
      }
      for (const k of this.phrasingPostings.get(t.term) ?? []) {
        if (credited[k] === 0 && exact[k] === 0) touchedPhrasings[phrasingCount++] = k;
        credited[k] = (credited[k] as number) + w;
        exact[k] = (exact[k] as number) + t.weight;
      }
    }
    for (const intent of query.intents) {
      for (const d of this.faqIntentPostings.get(intent) ?? []) {
        touchDoc(d);
        intentsShared[d] = (intentsShared[d] as number) + INTENT_WEIGHT;
      }
      for (const k of this.phrasingPostings.get(intent) ?? []) {
        if (credited[k] === 0 && exact[k] === 0) touchedPhrasings[phrasingCount++] = k;
        credited[k] = (credited[k] as number) + INTENT_WEIGHT;
        exact[k] = (exact[k] as number) + INTENT_WEIGHT;
      }
    }
    // Best phrasing similarity per entry (in the scratch array, reset below); an entry touched by a phrasing only is listed too.
    for (let i = 0; i < phrasingCount; i++) {
      const k = touchedPhrasings[i] as number;
      const d = this.phrasingDoc[k] as number;
      const s = credited[k] as number;
      if (s !== 0) {
        // similarity = shareOfQuestion^0.6 × shareOfPhrasing^0.4, compared here as its fifth power (a³b²), which
        // orders phrasings the same: the two powers are then taken once per entry, not once per phrasing.
        const a = s / queryTotal;
        const b = (exact[k] as number) / (this.phrasingTotal[k] as number);
        const similarity = a * a * a * b * b;
        if (similarity > (bestSimilarity[d] as number)) {
          touchDoc(d);
          bestSimilarity[d] = similarity;
        }
      }
      credited[k] = 0;
      exact[k] = 0;
    }
    // In entry order, as a scan of every entry would list them (equal ranks keep that order through the stable sort).
    const touched = touchedDocs.subarray(0, docCount).sort();
    const results: ScoredFaq[] = [];
    for (const d of touched) {
      const c = covered[d] as number;
      const rank = 0.6 * Math.pow(bestSimilarity[d] as number, 0.2) + 0.4 * ((c + (intentsShared[d] as number)) / queryTotal);
      if (rank > 0) results.push({ entry: (this.faqDocs[d] as FaqDoc).entry, coverage: c / query.contentWeight, rank });
      covered[d] = 0;
      intentsShared[d] = 0;
      bestSimilarity[d] = 0;
    }
    return results.sort((a, b) => b.rank - a.rank);
  }

  scorePassages(query: Query, limit = 5): ScoredPassage[] {
    if (query.terms.length === 0) return [];
    const covered = new Map<number, number>();
    for (const t of query.terms) {
      for (const i of this.postings.get(t.term) ?? []) covered.set(i, (covered.get(i) ?? 0) + t.weight * t.credit);
      for (const i of this.contextPostings.get(t.term) ?? []) covered.set(i, (covered.get(i) ?? 0) + t.weight * t.credit * CONTEXT_CREDIT);
    }
    if (query.withinSource !== undefined) for (const i of covered.keys()) if ((this.passageDocs[i] as PassageDoc).passage.sourceId !== query.withinSource) covered.delete(i);
    // The best candidates on their own words first (kept while scoring: at 100,000 passages, sorting every
    // candidate dominated the time), then what their paragraph and title lend them, then the best `limit` of those.
    // Lending is looked up per candidate, not posted per passage: a title's words would post every sentence of
    // its source, and lending to every candidate cost a millisecond at 10,000 passages.
    const pool = this.bestOf(covered, Math.max(limit, LENDING_POOL), query.contentWeight);
    // The other sentences of the best candidates' paragraphs, though they share no word with the question: "Chaque
    // ouvrage peut fournir 20 mètres cubes d'eau" answers "quel débit pour chaque puits ?" with its paragraph's words.
    const inPool = new Set(pool.map((p) => p.index));
    for (const p of pool.slice(0, SIBLING_SOURCES)) {
      const paragraph = this.paragraphOf[p.index];
      for (let i = Math.max(0, p.index - SIBLING_REACH); i <= p.index + SIBLING_REACH && i < this.passageDocs.length; i++) {
        if (inPool.has(i) || this.paragraphOf[i] !== paragraph) continue;
        inPool.add(i);
        pool.push({ index: i, sum: 0, rank: 0 });
      }
    }
    // What the paragraph and title lend: the sentence's coverage, which decides whether the sources answer.
    const titleBoost = new Map<number, number>();
    for (const p of pool) {
      const doc = this.passageDocs[p.index] as PassageDoc;
      let lent = 0;
      let boost = 0;
      // (Only to a sentence that says something of the question itself: borrowed words alone answer nothing.)
      const saysSome = query.terms.some((t) => doc.set.terms.has(t.term));
      const ofTheTitle = doc.namesTitle === true && saysSome;
      for (const t of query.terms) {
        if (doc.set.terms.has(t.term)) continue;
        const leaned = doc.leanTerms?.has(t.term) === true;
        if (ofTheTitle && doc.titleTerms.has(t.term)) {
          lent += t.weight * t.credit * SUBJECT_CREDIT;
          continue;
        }
        if (doc.titleTerms.has(t.term)) boost += t.weight * t.credit * Math.max(0, TITLE_CHOICE_CREDIT - (leaned ? CONTEXT_CREDIT : SURROUNDING_CREDIT));
        if (leaned) continue;
        if (doc.paragraphTerms.has(t.term) || doc.titleTerms.has(t.term)) lent += t.weight * t.credit * SURROUNDING_CREDIT;
      }
      if (lent > 0) covered.set(p.index, p.sum + lent);
      if (boost > 0 && saysSome) titleBoost.set(p.index, boost);
    }
    const coverageSum = (index: number) => covered.get(index) ?? 0;
    // Which of the best source's sentences comes first: its title's words count nearly in full in each of them.
    let best: number | undefined;
    for (const p of pool) if (best === undefined || coverageSum(p.index) > coverageSum(best)) best = p.index;
    const bestSource = best === undefined ? undefined : (this.passageDocs[best] as PassageDoc).passage.sourceId;
    const choiceSum = (index: number) =>
      coverageSum(index) + ((this.passageDocs[index] as PassageDoc).passage.sourceId === bestSource ? (titleBoost.get(index) ?? 0) : 0);
    const byChoice = new Map(pool.map((p) => [p.index, choiceSum(p.index)]));
    return this.bestOf(byChoice, limit, query.contentWeight).map(({ index, sum: chosen }) => {
      const doc = this.passageDocs[index] as PassageDoc;
      const coverage = coverageSum(index) / query.contentWeight;
      return {
        passage: doc.passage,
        coverage,
        rank: this.passageRank(doc, chosen, chosen / query.contentWeight),
        terms: doc.set.terms,
        surroundingTerms: [doc.paragraphTerms, doc.titleTerms],
        topicTerms: doc.topicTerms,
        ...(doc.leansOn && doc.leanTerms ? { leansOn: doc.leansOn, leanTerms: doc.leanTerms } : {}),
      };
    });
  }

  /** Among passages that cover the question equally, prefer the one that is most about it, then the newest. */
  private passageRank(doc: PassageDoc, sum: number, coverage: number): number {
    return coverage + 0.1 * (sum / Math.max(doc.set.total, 1e-9)) + RECENCY_PREFERENCE * doc.recency;
  }

  /** The `limit` best-ranked of the scored passages, best first, kept in one pass. */
  private bestOf(scored: Map<number, number>, limit: number, contentWeight: number): Array<{ index: number; sum: number; rank: number }> {
    const best: Array<{ index: number; sum: number; rank: number }> = [];
    for (const [index, sum] of scored) {
      const rank = this.passageRank(this.passageDocs[index] as PassageDoc, sum, sum / contentWeight);
      if (best.length === limit && rank <= (best[limit - 1] as { rank: number }).rank) continue;
      let at = best.length;
      while (at > 0 && (best[at - 1] as { rank: number }).rank < rank) at--;
      best.splice(at, 0, { index, sum, rank });
      if (best.length > limit) best.pop();
    }
    return best;
  }
}

const NO_TERMS: ReadonlySet<string> = new Set();

function contentTerms(tokens: Token[]): Set<string> {
  return new Set(tokens.filter((t) => !t.isIntent).map((t) => t.term));
}
