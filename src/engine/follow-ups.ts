/**
 * Conversations: a message read with what the conversation was about ("et il a quel âge ?", "et quand ?",
 * "et côté russe ?"), and the subject the next message may lean on. A stage of the engine of its own: it decides
 * whether a message leans on the previous one, reads it with the previous subject, and checks that the answer
 * says something of the message's own words and stays on the subject.
 */
import type { Answer } from "./answer.ts";
import { askedKindOf, askedNoun, type AskedKind, type KindMarkers } from "./asked-kind.ts";
import type { FaqEntry, Knowledge, Passage } from "./knowledge/types.ts";
import * as say from "./messages.ts";
import { type Analyzer, namesIn } from "./normalize/analyzer.ts";
import { frenchWords } from "./normalize/language-data.ts";
import { foldText } from "./normalize/text.ts";
import type { KnowledgeIndex, Query, QueryTerm, ScoredFaq } from "./search/knowledge-index.ts";

/** Words that open a follow-up ("et le Niger ?", "mais pourquoi ?"). */
const FOLLOW_UP_OPENER = /^\s*(?:et|mais|alors|puis|sinon|donc|ok et|d['’]accord et)(?![\p{L}\p{N}])/iu;
/** A pronoun for someone or something named before ("l'" before a verb too: "qui l'a annoncé ?"). */
const PRONOUN = /(?<![\p{L}])(?:(?:il|elle|ils|elles|lui|eux|leur|leurs|ça|ca|cela|celui-ci|celle-ci|ceux-ci|celles-ci|là-bas|son|sa|ses)(?![\p{L}])|l['’](?=(?:a|ont|avait|avaient|aura|auront|est|était)(?![\p{L}])))/iu;
/** "Et à Kati ?", "et Kayes aussi ?", "et Bamako-Mopti ?": the opener, a preposition of place, then the place(s) alone. */
const AND_PLACE = /^\s*(?:et|mais|ok et)\s+((?:à|a|au|aux|en|vers|dans)\s+)?(?:pour\s+)?(?:l['’]\s*)?([\p{L}'’ -]+?)\s*(?:aussi|alors|non|donc)?\s*[?!.]*\s*$/iu;

/** "D'où viennent-ils ?", "ils viennent d'où ?", "ça provient d'où ?" (folded, apostrophes as spaces). */
const ORIGIN_ASKED = /\bd\s?ou\b/;

/** "Il", "elle", "lui": one person of the conversation. */
const SINGULAR_PERSON = /(?<![\p{L}])(?:il|elle|lui)(?![\p{L}])/iu;
/** "Il y a", "il faut", "il s'agit": no one. */
const IMPERSONAL = /(?<![\p{L}])il\s+(?:y\s+a|y\s+avait|faut|fallait|s['’]agit|semble|reste)(?![\p{L}])/iu;
/** A person's name: two to four words in capitals ("Alou Boï Diarra", "Sergei Tsivilev"). */
const PERSON_NAME = /(?<![\p{L}])(?!(?:Le|La|Les|Un|Une|Des|Du|De|Au|Aux|En|Et|Selon|Pour|Par|Sur|Dans|Avec)\s)\p{Lu}\p{Ll}+(?:[\s-]+\p{Lu}\p{Ll}+){1,3}(?![\p{L}])/gu;
/** The subject a conversation carries: the latest question and its answer, this many words at most. */
const MAX_SUBJECT_WORDS = 40;
/** Adjectives of nationality, folded (lang/fr/words.yaml). */
const NATIONALITIES = frenchWords().nationalities;
/** On a second reading of a follow-up, the context's words together weigh at most this share of its own. */
const OWN_WORDS_SHARE = 1;

export interface FollowUpDeps {
  knowledge: Pick<Knowledge, "passages" | "sources">;
  index: KnowledgeIndex;
  analyzer: Analyzer;
  /** Whether a general French dictionary has the word (the knowledge's own names are not in it). */
  isDictionaryWord: (foldedWord: string) => boolean;
  /** Whether the sources name the place (folded): see places.ts. */
  isPlace: (foldedName: string) => boolean;
  /** The lexicon's event words: every answer about the visit shares them. */
  eventTerms: ReadonlySet<string>;
  kindMarkers: KindMarkers;
  faq: ReadonlyMap<string, FaqEntry>;
  termsOfEntry: (entry: FaqEntry) => Set<string>;
  /** The question as index terms (the engine's latest few kept). */
  queryOf: (text: string) => Query;
  /** The engine's decision on a query: an answer, a refusal, or a question back. */
  decide: (query: Query) => Answer;
  /** A message asked on its own, as the engine does with no conversation. */
  askAlone: (question: string) => Answer;
  refusal: (status: Answer["status"], text: string, suggestions?: string[], score?: number) => Answer;
  suggestionsFrom: (ranked: ScoredFaq[], question: string) => string[];
  told: say.Told;
}

export function createFollowUps(deps: FollowUpDeps) {
  const { knowledge, index, analyzer, isDictionaryWord, isPlace, eventTerms, kindMarkers, faq, termsOfEntry, queryOf, decide, askAlone, refusal, suggestionsFrom, told } = deps;
  const updates = new Set(knowledge.sources.filter((s) => s.kind === "update").map((s) => s.id));

  /**
   * A message asked in a conversation: read with the previous subject when it leans on it ("et il a quel
   * âge ?"); on its own when it names its own subject ("et Rosatom ?"), then with the conversation if that
   * fails or if the conversation points to another answer as good.
   */
  function answer(question: string, context: string): Answer {
    const leaning = followUpKind(question);
    if (leaning === "leans") return askInContext(question, context);
    const alone = askAlone(question);
    if (leaning === "maybe" && !alone.answered) return askInContext(question, context);
    return aloneKeptToTheUpdate(question, alone, context) ?? curatedKeptToTheUpdate(question, alone, context) ?? conversationPrevails(question, alone, context) ?? { ...alone, subject: subjectOf(question, alone) };
  }

  /**
   * "Et pour la Défense, qui était présent ?" after the Russian ministries: the message stands on its own, but its
   * "et" says it goes on from the previous one, and between answers as good, the one the conversation points to
   * (the Russian ministry, not the Malian general) is meant. A name the dictionary lacks ("et Rosatom ?") says
   * itself what the message is about, and is left to its own answer.
   */
  function conversationPrevails(question: string, alone: Answer, context: string): Answer | undefined {
    if (!FOLLOW_UP_OPENER.test(question) || [...namesIn(question)].some((name) => !isDictionaryWord(name))) return undefined;
    const read = askInContext(question, context);
    const better = read.answered && read.match?.id !== alone.match?.id && (!alone.answered || read.score >= alone.score);
    return better ? read : undefined;
  }

  /** The first words of each sentence of an update, folded, with its source: to tell which update a subject quotes. */
  let openings: Map<string, string> | undefined;
  const SOURCE_KEY_WORDS = 6;
  const keyOf = (words: readonly string[], at: number) => words.slice(at, at + SOURCE_KEY_WORDS).join(" ");
  const foldedWords = (text: string) => foldText(text).split(/[^a-z0-9]+/).filter(Boolean);

  /** The update whose sentence the conversation's subject quotes (its previous answer), if any. */
  function updateOfSubject(context: string): string | undefined {
    if (!openings) {
      openings = new Map();
      for (const p of knowledge.passages) {
        if (!updates.has(p.sourceId)) continue;
        const words = foldedWords(p.text);
        if (words.length >= SOURCE_KEY_WORDS) openings.set(keyOf(words, 0), p.sourceId);
      }
    }
    const words = foldedWords(context);
    for (let i = 0; i + SOURCE_KEY_WORDS <= words.length; i++) {
      const found = openings.get(keyOf(words, i));
      if (found) return found;
    }
    return undefined;
  }

  /**
   * When an answer comes from another update than the one the conversation is about (the update whose sentence
   * its subject quotes), the two: that other update, and the conversation's.
   */
  function anotherUpdate(answer: Answer, context: string): { source: string; subjectSource: string } | undefined {
    if (!answer.answered || answer.match?.kind !== "passage") return undefined;
    const source = passageById().get(answer.match.id)?.sourceId;
    if (source === undefined || !updates.has(source)) return undefined;
    const subjectSource = updateOfSubject(context);
    return subjectSource !== undefined && subjectSource !== source ? { source, subjectSource } : undefined;
  }

  /** A message read within one update only: answered there only by a sentence that says something of its own words. */
  function readWithin(question: string, context: string, sourceId: string, own: Query): Answer | undefined {
    const within = decide({ ...index.query(question, context), withinSource: sourceId });
    return within.answered && aboutOwnWords(within, own) ? within : undefined;
  }

  /**
   * A follow-up that leans on an update's subject ("qui a payé ?" after the cultural week's budget) is answered by
   * that update: another update that shares the message's few words ("pris en charge par la partie russe", in
   * the brief on a vaccination campaign) is about something else. Read again within the update; if it does not
   * say, the sources do not say it of this subject.
   */
  function keptToTheUpdate(read: Answer, question: string, context: string, own: Query): Answer {
    const subjectSource = anotherUpdate(read, context)?.subjectSource ?? curatedInsteadOfTheUpdate(read, context, own);
    if (subjectSource === undefined) return read;
    return readWithin(question, context, subjectSource, own) ?? notAboutIt(read, own, context);
  }

  /**
   * "C'est un jet ?" after the airline's aircraft: a curated entry on the article (the delegation's special flight)
   * answers a follow-up whose own words the conversation's update says too ("vol"): the message is about the update.
   * The update the conversation is about, when so.
   */
  function curatedInsteadOfTheUpdate(read: Answer, context: string, own: Query): string | undefined {
    if (!read.answered || read.match?.kind !== "faq") return undefined;
    const subjectSource = updateOfSubject(context);
    if (subjectSource === undefined) return undefined;
    const words = ownKnown(own).filter((t) => !t.questionWord && !eventTerms.has(t.term));
    const title = index.titleTermsOf(subjectSource);
    const saidThere = (term: string) => title.has(term) || index.sourcesSaying(term).has(subjectSource);
    return words.length > 0 && words.every((t) => saidThere(t.term)) ? subjectSource : undefined;
  }

  /**
   * "Qui a payé ?", "et l'entrée coûtait combien ?" after a question on one update's subject: the message names no
   * subject, yet its words alone find a sentence of another update ("pris en charge par la partie russe", in the
   * brief on a vaccination campaign). When it names nothing of that other update's title (the words every answer
   * about the visit shares aside) and is short or opens as a follow-up does, it is about the conversation's update:
   * read within it; if that update does not say, a message that opens as a follow-up is refused.
   */
  function aloneKeptToTheUpdate(question: string, alone: Answer, context: string): Answer | undefined {
    const other = anotherUpdate(alone, context);
    if (!other) return undefined;
    const own = queryOf(question);
    const title = index.titleTermsOf(other.source);
    const ownWords = own.terms.filter((t) => t.known && !t.questionWord && !eventTerms.has(t.term));
    if (ownWords.some((t) => title.has(t.term))) return undefined;
    const opensAsFollowUp = FOLLOW_UP_OPENER.test(question) || PRONOUN.test(question);
    if (!opensAsFollowUp && ownWords.length > 2) return undefined;
    const within = readWithin(question, context, other.subjectSource, own);
    if (within) return { ...within, subject: subjectOf(question, within, context), followUp: true };
    if (!opensAsFollowUp) return undefined;
    const refused = notAboutIt(alone, own, context, ownKnown(own).map((t) => t.surface));
    return { ...refused, subject: subjectOf(question, refused, context), followUp: true };
  }

  /** The same for a message read alone, when a curated entry answered it: see curatedInsteadOfTheUpdate. */
  function curatedKeptToTheUpdate(question: string, alone: Answer, context: string): Answer | undefined {
    const own = queryOf(question);
    const subjectSource = curatedInsteadOfTheUpdate(alone, context, own);
    if (subjectSource === undefined) return undefined;
    const within = readWithin(question, context, subjectSource, own);
    const read = within ?? notAboutIt(alone, own, context);
    return { ...read, subject: subjectOf(question, read, context), followUp: true };
  }

  let passagesById: Map<string, Passage> | undefined;
  const passageById = () => (passagesById ??= new Map(knowledge.passages.map((p) => [p.id, p])));

  /**
   * What the next message may lean on: the question and what was answered ("qui dirigeait la délégation ?" →
   * "… Sergei Tsivilev, ministre de l'Énergie": then "il a quel âge ?" is about Tsivilev); or, when nothing was
   * answered, the question and the subject it was asked in.
   */
  function subjectOf(question: string, answer: Answer, context?: string): string {
    const said = answer.answered ? (answer.match?.kind === "passage" ? answeringQuote(answer) : answer.text) : (context ?? "");
    return `${question} ${said}`.split(/\s+/).slice(0, MAX_SUBJECT_WORDS).join(" ");
  }

  /**
   * The excerpt of a passage answer that holds the answer: the matched sentence, not the sentence before it that
   * it leans on ("Le vice-ministre … a annoncé qu'une Semaine culturelle …" before "Une quarantaine d'artistes … y ont …").
   */
  function answeringQuote(answer: Answer): string {
    const sentence = answer.match ? passageById().get(answer.match.id)?.text : undefined;
    const quotes = answer.citations.map((c) => c.quote);
    // (A quote that joins the sentence to the one it leans on, "« … » […] Celui-ci a précisé que…": the sentence
    // itself, whose words the subject's first forty would otherwise cut off.)
    if (sentence && quotes.some((q) => q.includes(sentence))) return sentence;
    return (sentence && quotes.find((q) => sentence.includes(q.replace(/ ?\[…\] ?.*$/u, "")))) ?? quotes[0] ?? "";
  }

  /**
   * Whether a message leans on the previous one: "et lui ?", "il a quel âge ?", "et quand ?", "pourquoi ?",
   * "c'est tout ?" (no word of its own the knowledge knows, or a pronoun and one word at most) lean on it;
   * "et Rosatom ?" may (it names a subject of its own); a message that names its subject stands alone.
   */
  function followUpKind(question: string): "leans" | "maybe" | "alone" {
    // "Et à Kati ?" after the bus lines asks the same of Kati: not about whatever the sources say of Kati.
    if (onlyPlaces(question)) return "leans";
    // The type noun of "dans quelle ville ?" says what kind of fact is wanted, not what it is about.
    const query = queryOf(question);
    const { terms } = query;
    // (Nor does the word that marks the kind asked: "durer" in "ça a pris combien de temps ?" asks, it names nothing.)
    const marker = markerOf(kindAsked(query));
    const known = terms.filter((t) => t.known && !t.typeNoun && t.term !== marker);
    // A message whose only known word is its question word ("et c'était quand ?": "quand" reads as "date") asks nothing of its own.
    if (known.every((t) => t.questionWord)) return "leans";
    // Nor does a nationality alone ("et côté russe ?", "et du côté malien ?"): it asks for that side of what was just said.
    // (Not with a type noun: "quelles entreprises russes ?" asks for the companies.)
    const own = terms.filter((t) => t.known && !t.questionWord);
    if (own.length > 0 && own.every((t) => NATIONALITIES.has(t.surface)) && namesIn(question).size === 0) return "leans";
    if (known.length <= 1 && PRONOUN.test(question)) return "leans";
    return known.length <= 1 && FOLLOW_UP_OPENER.test(question) ? "maybe" : "alone";
  }

  /** Whether a message is an opener and places the sources name, nothing else ("et à Kati ?", "et Bamako-Mopti ?"). */
  function onlyPlaces(question: string): boolean {
    const match = AND_PLACE.exec(question);
    const named = match?.[2];
    if (named === undefined) return false;
    // (After "à", "en", "dans", a name no dictionary has is a place too, though no source says it after a preposition:
    // "et à Gao aussi ?", where the sources only write "desservir Tombouctou et Gao".)
    const placed = match?.[1] !== undefined;
    const isPlaceHere = (name: string) => isPlace(name) || (placed && /^\p{Lu}/u.test(named.trim()) && /^[a-z]+$/.test(name) && !isDictionaryWord(name));
    // (A place may be hyphenated, "Kalaban-Coro"; a route joins two, "Bamako-Mopti".)
    const places = foldText(named).replace(/['’]/g, " ").trim().split(/\s+(?:et|ou)\s+/).filter(Boolean);
    return places.length > 0 && places.every((p) => isPlaceHere(p) || p.split(/\s*-\s*/).every(isPlaceHere));
  }

  /**
   * "Il est ministre de quoi ?" after an answer that names three people: "il" could be any of them, and the
   * honest reply asks which one, with each name offered.
   */
  function whichOneAsked(question: string, context: string): Answer | undefined {
    const pronoun = SINGULAR_PERSON.exec(question);
    if (!pronoun || IMPERSONAL.test(question) || namesIn(question).size > 0) return undefined;
    const people = [...new Set([...context.matchAll(PERSON_NAME)].map((m) => m[0]))];
    if (people.length < 2) return undefined;
    const shown = people.slice(0, 3);
    const example = question.replace(pronoun[0], shown[0] as string).replace(/^\s*et\s+/i, "");
    const text = say.whichOne(shown, example.charAt(0).toUpperCase() + example.slice(1));
    return { ...refusal("unsure", text, shown.map((name) => question.replace(pronoun[0], name))), subject: context, followUp: true };
  }

  /** The follow-up read with the conversation's subject. */
  function askInContext(question: string, context: string): Answer {
    const ambiguous = whichOneAsked(question, context);
    if (ambiguous) return ambiguous;
    const own = queryOf(question);
    // "c'est tout ?", "et alors ?": nothing of its own to ask, so the previous question again.
    if (own.terms.length === 0 && own.intents.size === 0) return { ...askAlone(context), subject: context, followUp: true };
    const first = decide(index.query(question, context));
    // "et elle dure combien de temps ?": the previous answer's many words can outweigh the one the message asks
    // about ("dure"), and draw the answer back to what was already said; read again with them weighing less.
    const read = keptToTheUpdate(!first.answered || aboutOwnWords(first, own) ? first : nearbyReading(question, context, first), question, context, own);
    const answer = !read.answered ? read : !aboutOwnWords(read, own) ? notAboutIt(read, own, context, ownKnown(own).map((t) => t.surface)) : !onTheSubject(read, own, context) ? notAboutIt(read, own, context) : read;
    return { ...answer, subject: subjectOf(question, answer, context), followUp: true };
  }

  /**
   * The second reading of a follow-up whose first answer only repeated the subject: kept when it is an excerpt
   * beside that answer's (same source, same or next paragraph), where a source goes on about the same thing;
   * further away, a word of the message alone ("portera") would pull in anything that uses it.
   */
  function nearbyReading(question: string, context: string, first: Answer): Answer {
    const second = decide(index.query(question, context, OWN_WORDS_SHARE));
    if (second.match?.kind !== "passage") return first;
    const passage = passageById().get(second.match.id);
    const near = first.citations.some((c) => c.sourceId === passage?.sourceId && Math.abs(c.paragraph - passage.paragraph) <= 1);
    return near ? second : first;
  }

  /** A follow-up's answer that turned out to be about something else: the sources do not say; what they say on the subject is offered. */
  function notAboutIt(read: Answer, own: Query, context: string, words?: string[]): Answer {
    const kind = kindAsked(own);
    const text = words && words.length > 0 ? say.notInArticle(words, told) : kind ? say.kindNotInArticle(kind, told) : say.notInArticle([own.text], told);
    return refusal("unanswerable", text, suggestionsFrom(index.scoreFaq(queryOf(context)), context), read.score);
  }

  /**
   * Whether a follow-up's answer is still on the conversation's subject: "dans quelle ville ?" after the tramway
   * projects is not answered by the cities the delegation flew through. The words every answer about the visit
   * shares (the delegation, the Russians, Mali: the lexicon's event words) do not count.
   */
  function onTheSubject(answer: Answer, own: Query, context: string): boolean {
    const ownTerms = new Set(own.terms.map((t) => t.term));
    const subject = queryOf(context).terms.filter((t) => t.known && !eventTerms.has(t.term) && !ownTerms.has(t.term));
    if (subject.length === 0) return true;
    const said = aboutWhat(answer);
    return subject.some((t) => said.has(t.term));
  }

  /** The terms an answer says: its excerpts, and its FAQ entry's answer and phrasings. */
  function saidBy(answer: Answer): Set<string> {
    const entry = answer.match?.kind === "faq" ? faq.get(answer.match.id) : undefined;
    const said = new Set(entry ? termsOfEntry(entry) : []);
    // (An entry's own quotes are in its terms already: only excerpts it does not cite are read here.)
    const quoted = new Set(entry?.citations.map((c) => c.quote));
    for (const c of answer.citations) if (!quoted.has(c.quote)) for (const token of analyzer.analyze(c.quote)) said.add(token.term);
    return said;
  }

  /**
   * What an answer is about: what it says, and for an excerpt of an update, the update's title ("Les travaux ont
   * abouti à neuf accords" is about the commission's first session its title names).
   */
  function aboutWhat(answer: Answer): Set<string> {
    const said = saidBy(answer);
    if (answer.match?.kind === "passage") for (const c of answer.citations) for (const term of index.titleTermsOf(c.sourceId)) said.add(term);
    return said;
  }

  /**
   * A follow-up's own known words. A question word read as a term ("et quand ?": "quand" → date) asks rather than
   * names, when the kind it asks is checked in the answer (a date stated); without such a kind ("pour faire
   * quoi ?"), it is all the message has to say.
   */
  function ownKnown(own: Query): QueryTerm[] {
    const checked = kindAsked(own);
    // (So does the term that marks the kind: "durer" in "combien de temps ça va durer ?", a duration being checked;
    // and "venir" in "ils viennent d'où ?", whose answer is where they come from, "des praticiens de l'Agence…".)
    const marker = markerOf(checked);
    const origin = checked === "place" && ORIGIN_ASKED.test(foldText(own.text).replace(/['’]/g, " "));
    return own.terms.filter((t) => t.known && !(checked && (t.questionWord || t.term === marker || (origin && originTerms().has(t.term)))));
  }

  let originVerbs: Set<string> | undefined;
  /** The terms of the verbs that ask where someone or something comes from ("venir", "provenir"). */
  const originTerms = () => (originVerbs ??= new Set(["venir", "provenir"].flatMap((v) => analyzer.analyze(v).map((t) => t.term))));

  /** The kind of fact a message asks, if it asks one. */
  function kindAsked(query: Query): AskedKind | undefined {
    return askedKindOf(query.text, query.terms.map((t) => t.term), query.intents, kindMarkers)?.kind;
  }

  /** The term that marks a kind of fact ("durer" for a duration, asked by "combien de temps"). */
  function markerOf(kind: AskedKind | undefined): string | undefined {
    return kind ? kindMarkers[kind]?.term : undefined;
  }

  /**
   * Whether an answer to a follow-up says something of the follow-up's own words: "elle s'appellera comment ?"
   * after the airline is answered by an excerpt that names it, not by one that only repeats what the previous
   * answer was about. A message with no known word of its own ("et quand ?") leans on the subject entirely.
   */
  function aboutOwnWords(answer: Answer, own: Query): boolean {
    // "Il y avait quel groupe ?": a singular "quel N" is answered by the one named ("l'ensemble Nevskie Zori"), as
    // it is outside a conversation; it asks which, and need not be said.
    const asked = askedNoun(own.text);
    const words = ownKnown(own).filter((t) => asked === undefined || asked.endsWith("s") || t.surface !== asked);
    if (words.length === 0) return true;
    // "Elles sont parties quand ?" after the mobile clinics, whose brief says they "ont quitté Tombouctou le 17
    // janvier": a message that asks a kind of fact with one word of its own is answered by a sentence on the
    // subject that states that kind (the candidates were kept for it), though it tells the event in other words.
    if (words.length === 1 && kindAsked(own) !== undefined && answer.match?.kind === "passage") return true;
    const said = saidBy(answer);
    return words.some((t) => said.has(t.term));
  }

  return { answer, subjectOf };
}

export type FollowUps = ReturnType<typeof createFollowUps>;
