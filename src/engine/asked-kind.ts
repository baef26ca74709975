import { frenchWords } from "./normalize/language-data.ts";
import { MONTH_ALTERNATION, WEEKDAYS } from "./normalize/french.ts";
import { foldText } from "./normalize/text.ts";
import { Recent } from "../common/recent.ts";

/**
 * Some questions ask for a kind of fact, whatever they are about: "quand"
 * asks for a date, "combien" for a number, "où" for a place, "qui" for a
 * person or a body, "pourquoi" for a cause, "à quel prix" for an amount,
 * "combien de temps" for a duration. An excerpt that holds no fact of that
 * kind cannot answer, however well its words match ("Tsivilev est ministre
 * depuis quand ?", "qui finance la centrale ?" against a sentence that names
 * no one): the honest reply is that the sources do not say.
 */
export type AskedKind = "date" | "day" | "since" | "time" | "number" | "amount" | "duration" | "place" | "agent" | "cause" | "event" | "statement" | "age";
/** The kinds an excerpt can be checked for with statesKind ("event" is any excerpt: it is never checked). */
export const STATED_KINDS: readonly AskedKind[] = ["date", "day", "since", "time", "number", "amount", "duration", "place", "agent", "cause", "statement", "age"];

const MONTHS = MONTH_ALTERNATION;
const DAYS = WEEKDAYS.join("|");
const DATE = new RegExp(String.raw`\b(?:1[89]|20)\d\d\b|\b(?:${MONTHS}|${DAYS}|hier|aujourd|demain|semaine|mois|annee|an)\b`);
/** Number words, and approximate ones ("une quinzaine"): one list for counts, durations and measures. */
const CARDINAL_WORDS = "deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|mille";
const APPROXIMATE_WORDS = "dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine|centaine";
const NUMBER = new RegExp(String.raw`\d|\b(?:${CARDINAL_WORDS}|${APPROXIMATE_WORDS}|millier|million|milliard)s?\b`);
/** A sum told in figures ("98 milliards de FCFA"), not that something is free or given. */
const AMOUNT_IN_FIGURES = /\d[\d\s.,]*\s*(?:(?:milliards?|millions?|mille)?\s*(?:de\s+)?(?:f\s?cfa|francs?|dollars?|euros?|roubles?|\$|€))/;
/** A price, told in figures or as nothing to pay ("gratuit", "offertes par la Russie"). */
const AMOUNT = new RegExp(String.raw`${AMOUNT_IN_FIGURES.source}|\b(?:gratuit|gratuite|gratuitement|offert|offerte|offerts|offertes)\b`);
/** Whether a text tells a sum in figures: "combien coûte…" is not answered by "offertes par la Russie". */
export function statesSumInFigures(text: string): boolean {
  return AMOUNT_IN_FIGURES.test(foldText(text));
}
const DURATION = new RegExp(
  String.raw`\b(?:\d+|${CARDINAL_WORDS}|${APPROXIMATE_WORDS}|quelques|plusieurs)\s+(?:de\s+)?(?:jours?|semaines?|mois|ans|annees?|heures?|minutes?)\b|\b(?:de|du)\s+\S+\s+(?:a|au|jusqu)\s|\bpendant\b|\bdurant\b|\bjusqu|\bles\s+\d{1,2}(?:er)?\s+et\s+\d{1,2}\s`,
);
/** A duration told as a count of units ("quatorze mois", "un mois", "quatre ans"), not a range or "pendant". */
const COUNTED_DURATION = new RegExp(String.raw`\b(?:\d+|un|une|${CARDINAL_WORDS}|${APPROXIMATE_WORDS}|quelques|plusieurs)\s+(?:de\s+)?(?:jours?|semaines?|mois|ans|annees?|heures?|minutes?)\b`);
/** Time elapsed or to come, not how long something lasts: "attendue depuis plus de dix ans", "il y a deux ans", "dans trois mois". */
const ELAPSED = new RegExp(String.raw`\b(?:depuis|il\s+y\s+a|dans)\s+(?:(?:plus|pres|moins)\s+d[e']?\s*|environ\s+|quelque\s+|bientot\s+)?${COUNTED_DURATION.source.slice(2)}`, "g");
export function statesCountedDuration(text: string): boolean {
  return COUNTED_DURATION.test(foldText(text).replace(ELAPSED, " "));
}
/** A place: a preposition of place before a name ("à Ségou", "au port de Conakry", "dans la région de Koulikoro", "près de Diéma"). */
const PLACE = /(?:^|[\s(])(?:à|au|aux|en|dans|vers|via|depuis|chez|entre|jusqu[’']?(?:à|au|aux)|(?:port|région|ville|centre|siège|près|loin|autour|proximité|environs|nord|sud|est|ouest) d[eu’'])\s+(?:(?:la|le|les)\s+|l[’'])?(?:\p{L}+\s+(?:de|du|d[’'])\s*){0,2}\p{Lu}/u;
/** Where someone or something comes from: "venus de Saint-Pétersbourg", "originaire de Kayes", "en provenance de Moscou". */
const ORIGIN = /(?:^|[\s(])(?:venu|venue|venus|venues|venant|vient|viennent|venait|venaient|originaire|originaires|provenance|parti|partie|partis|parties|issu|issue|issus|issues)\s+(?:directement\s+)?(?:de|du|des|d[’'])\s*\p{Lu}/u;
/** A person or a body: a name in capitals inside the sentence ("par Boubacar Diané", "de Sberbank", "le CENOU"). */
const AGENT = /(?<=\S\s+)(?:\p{Lu}\p{Ll}+(?:[\s-]+\p{Lu}\p{Ll}+)*|\p{Lu}{2,})/u;
/** A day: a day of the month or a weekday ("le 15 janvier", "lundi"), not a month alone ("en mars"). */
const DAY = new RegExp(String.raw`\b\d{1,2}(?:er)?\s+(?:${MONTHS})\b|\b(?:${DAYS}|hier|demain|aujourd)\b|\b\d{1,2}/\d{1,2}\b`);
/** A time of day: "à 14 h 30", "vers 9h", "dans la matinée". */
const TIME = /\b\d{1,2}\s?h(?:\s?\d{2})?\b|\b\d{1,2}:\d{2}\b|\b(?:midi|minuit|matinee|soiree|apres-midi)\b/;
/**
 * A cause or a purpose: "afin de", "car", "parce que", "en raison de", "vise à", "permettra de", and "pour" before a
 * verb ("pour réduire", "pour que"), not before a noun's determiner or a figure ("pour l'année 2026", "pour une
 * durée de 18 mois", "pour 95 000 FCFA"), which say for what or how long, not why.
 */
const CAUSE =
  /\bpour\s+(?!(?:le|la|les|l|un|une|des|du|de|d|ce|cet|cette|ces|son|sa|ses|leur|leurs|notre|nos|votre|vos|mon|ma|mes|tout|toute|tous|toutes|chaque|plus|moins|environ|pres)\b|\d)|\b(?:afin|car|parce|raison|objectif|objectifs|but|vise|visait|viser|visent|visant|grace|permettra|permettront|permettre|permet|permettant|destine|destinee|destines|destinees)\b/;

/** Words someone said, reported: "selon X", "a déclaré", "a précisé", a quotation. */
const STATEMENT = /\bselon\b|[«“"]|\b(?:declar|indiqu|annonc|precis|soulign|affirm|expliqu|estim|salu|rappel|promi|assur|confi|deplor|regrett|felicit)\w*/;
/** Verbs of saying, as past participles ("a déclaré", "ont rappelé"). */
const SAID = String.raw`(?:dit|declare\w*|pense\w*|affirme\w*|annonce\w*|explique\w*|repondu|rappele\w*|souligne\w*|raconte\w*)`;
/**
 * What someone said or thinks is asked: "qu'a déclaré X ?", "qu'est-ce que le directeur a dit ?", "il a dit quoi ?",
 * "que dit la directrice ?", "comment ont-ils réagi ?", "qu'en pensent les habitants ?".
 */
const STATEMENT_ASKED = new RegExp(
  [
    String.raw`\b(?:reagi\w*|reaction\w*|opinion|ressenti)\b`,
    String.raw`\b(?:quel|son|leur|ton|votre)\s+(?:est\s+)?(?:l\s)?avis\b|\bl\savis\s+(?:de|du|des)\b`,
    String.raw`\bqu\s?(?:a|ont|avait|avaient|en)(?:-t)?(?:-(?:il|elle|ils|elles|on))?\b(?:[\s-]+\S+){0,4}?[\s-]+${SAID}\b`,
    String.raw`\bqu\s?est[\s-]+ce\s+qu\s?(?:\S+\s+){0,6}?(?:a|ont|avait|avaient)\s+${SAID}\b`,
    // ("Ils ont dit quoi pour les mines ?" asks as often what was decided: only someone's words are asked so.)
    String.raw`\b(?:il|elle)\s+(?:a|avait)\s+${SAID}\s+quoi\b`,
    // ("Ce que dit l'article" quotes a text, it does not ask what someone said.)
    String.raw`(?<!\bce\s)\bque\s+(?:dit|disent|disait|disaient|pense|pensent|declare|declarent|raconte|racontent)\b`,
    String.raw`\bqu\s?en\s+pense\w*`,
  ].join("|"),
);

const AGE_ASKED = /\bquel(?:le)?s?\s+age\b|\bage\s+(?:a|de|d)\b/;
/** An age: "25 ans", "âgés de moins de 25 ans", "la quarantaine". */
const AGE = /\b\d+\s+ans\b|\b(?:vingtaine|trentaine|quarantaine|cinquantaine|soixantaine)\b/;

/** Whether a text (a quote, a sentence) states a fact of this kind. */
export function statesKind(kind: AskedKind, text: string): boolean {
  const folded = foldText(text);
  switch (kind) {
    case "date":
      return DATE.test(folded);
    case "since":
      return SINCE.test(folded);
    case "day":
      return DAY.test(folded);
    case "time":
      return TIME.test(folded);
    case "number": {
      // A year, a day of the month or a list number ("2. le Soutien…") counts nothing: otherwise any numbered passage
      // would answer any "combien". ("Combien d'objectifs ?" is answered by the entry that asks it among its phrasings.)
      const counts = folded
        // (Days of a range too: "les 17 et 18 septembre", "du 3 au 5 mars".)
        .replace(new RegExp(String.raw`\b\d{1,2}(?:er)?(?:\s*(?:,|et|au|a)\s*\d{1,2}(?:er)?)* (?:${MONTHS})\b`, "g"), " ")
        .replace(/\b(?:1[89]|20)\d\d\b/g, " ")
        .replace(/^\s*\d+\.\s/, " ");
      return NUMBER.test(counts);
    }
    case "amount":
      return AMOUNT.test(folded);
    case "duration":
      return DURATION.test(folded);
    case "place":
      return PLACE.test(text) || ORIGIN.test(text);
    case "agent":
      return AGENT.test(text);
    case "cause":
      return CAUSE.test(folded);
    case "event":
      return true;
    case "statement":
      return STATEMENT.test(folded) || /^\s*(?:pour|d apres)\s/.test(folded.replace(/['’]/g, " "));
    case "age":
      return AGE.test(folded);
  }
}

const AMOUNTS = new RegExp(AMOUNT.source, "g");
const COUNTED_DURATIONS = new RegExp(COUNTED_DURATION.source, "g");
/** A figure with a unit of measure after it ("20 mètres cubes", "40 mégawattheures") or a share ("70 %"). */
const MEASURED = new RegExp(String.raw`(?:\d[\d\s.,]*|\b(?:${CARDINAL_WORDS})\s+)(?:(?:${[...frenchWords().units].join("|")}|pourcent|pour\s+cent)\b|%)`, "g");

/**
 * Whether a text counts people or things, money, time and measures aside: "environ 150 millions de FCFA", "deux
 * heures", "18 mois", "40 mégawattheures" or "70 %" count no one; "12 000 visiteurs", "600 ouvriers" do.
 */
export function statesCount(text: string): boolean {
  const counts = foldText(text).replace(AMOUNTS, " ").replace(MEASURED, " ").replace(COUNTED_DURATIONS, " ");
  return statesKind("number", counts);
}

/** The index terms and intents that ask for a kind (from the lexicon: "quand" and "quel jour" share the date term). */
export type KindMarkers = Partial<Record<AskedKind, { intent?: string; term?: string }>>;

const ANSWER_TYPES = frenchWords().answerTypes;
/**
 * "Quel X", and "quelle" misspelt "qu'elle" where a pronoun cannot stand: after a preposition ("dans qu'elle
 * localité ?") or before "est la" ("qu'elle est la date ?").
 */
const TYPE_NOUN =
  /(?:\b(?:quel|quelle|quels|quelles|lequel|laquelle|lesquels|lesquelles)|(?<=\b(?:dans|de|a|en|pour|par|sur|avec|vers|depuis|jusqu)\s)qu\s?elles?(?=\s)|\bqu\s?elles?(?=\s+(?:sont|est|etait|etaient|seront|sera)\s+(?:les?|la|l)\s))\s+(?:(?:sont|est|etait|etaient|seront|sera)\s+(?:les?|la|l)\s+)?(?:de\s+|d\s+)?([a-z]+)/;

const DIMENSIONS = frenchWords().dimensions;

/** The noun "quel N" asks about, whatever its kind ("quels documents", "quelles filières"), folded. */
export function askedNoun(text: string): string | undefined {
  return TYPE_NOUN.exec(foldText(text).replace(/[^a-z0-9]+/g, " "))?.[1];
}

/** "Y a-t-il des bourses… ?", "il y aura un internat ?", "ya des bourses pr…": whether there is N. */
const EXISTENCE = /\b(?:y\s?a(?:\s?t\s?il)?|il\s+y\s+a|ya|y\s+aura(?:\s?t\s?il)?|il\s+y\s+aura|y\s+avait(?:\s?il)?|il\s+y\s+avait)\s+(?:des|un|une|du|de\s+la|de\s+l|d)\s+([a-z]+)/;
/** The noun whose existence a question asks ("y a-t-il des bourses… ?" → "bourses"), folded. */
export function existenceAsked(text: string): string | undefined {
  return EXISTENCE.exec(foldText(text).replace(/[^a-z0-9]+/g, " "))?.[1];
}

/**
 * "dans quelle ville", "quel organisme", "à quel prix": the type noun and the kind it asks for. A measure
 * ("quelle superficie", or "la longueur de la ligne", "superficie cartographiée" without "quel") asks for a
 * number in one of its units.
 */
export function answerType(text: string): AnswerType | undefined {
  // (One ask reads its question's type several times: the latest few are kept, as the analyzer keeps its words.)
  return answerTypes.get(text, readAnswerType);
}

export interface AnswerType {
  noun: string;
  kind: AskedKind;
  /** Read from a list of keywords ("coût campagne"), where the noun is much of what the message says. */
  keyword?: boolean;
  units?: ReadonlySet<string>;
}
const answerTypes = new Recent<AnswerType | undefined>(8);

/** A message of at most this many words is a list of keywords ("coût campagne"), read by its first noun. */
const KEYWORD_WORDS = 4;
/** The kinds a keyword message asks by its first noun (a body or a person named first is what it is about). */
const KEYWORD_KINDS = new Set<AskedKind>(["amount", "number", "date", "day", "time", "duration"]);

function readAnswerType(text: string): AnswerType | undefined {
  const folded = foldText(text).replace(/[^a-z0-9]+/g, " ");
  const match = TYPE_NOUN.exec(folded);
  const noun = match?.[1];
  const measure = (word: string) => DIMENSIONS.get(word) ?? DIMENSIONS.get(word.replace(/s$/, ""));
  if (noun) {
    const units = measure(noun);
    if (units) return { noun, kind: "number", units };
    const kind = ANSWER_TYPES.get(noun) ?? ANSWER_TYPES.get(noun.replace(/s$/, ""));
    // (A purpose is asked in the singular: "quels sont les objectifs ?" asks what they are, a list, not why.)
    if (kind && (kind !== "cause" || ANSWER_TYPES.has(noun))) return { noun, kind: kind as AskedKind };
  }
  // Without "quel", only a measure that opens the question is what it asks ("la longueur de la ligne ?",
  // "superficie cartographiée"): further on, "à hauteur de 60 %" or "des poids lourds" measure nothing.
  const opening = /^\s*(?:(?:c est quoi|et|mais)\s+)?(?:(?:la|le|l|les)\s+)?([a-z]{4,})\b/.exec(folded)?.[1];
  const units = opening === undefined ? undefined : measure(opening);
  if (opening !== undefined && units) return { noun: opening, kind: "number", units };
  // A few words that open with what is asked ("coût campagne", "date début travaux", "durée formation"): the
  // noun says the kind of fact wanted as "quel X" would.
  const kind = opening === undefined ? undefined : ANSWER_TYPES.get(opening);
  const words = folded.trim().split(/\s+/);
  const listed = opening !== undefined && kind !== undefined && opening === words[0] && KEYWORD_KINDS.has(kind as AskedKind);
  return listed && words.length >= 2 && words.length <= KEYWORD_WORDS ? { noun: opening, kind: kind as AskedKind, keyword: true } : undefined;
}

const COUNTING_WORD = new RegExp(String.raw`\d|^(?:un|une|${CARDINAL_WORDS}|${APPROXIMATE_WORDS})$`);

/** Whether a text tells a measure in one of these units ("une ligne de 23 kilomètres"). */
export function statesMeasure(text: string, units: ReadonlySet<string>): boolean {
  const words = foldText(text).split(/[^a-z0-9]+/);
  // (The number may stand two words before the unit's last word: "5 mètres cubes", "42 000 kilomètres carrés".)
  const counts = (w: string | undefined) => w !== undefined && COUNTING_WORD.test(w);
  return words.some((w, i) => units.has(w) && (counts(words[i - 1]) || counts(words[i - 2])));
}

/** In order: a question asking "quand … combien" is about the date first. */
const MARKED_KINDS: AskedKind[] = ["date", "duration", "amount", "number", "place", "agent", "cause"];

/**
 * Kinds a question word alone asks for loosely: only "quel événement". "Pourquoi" wants a cause or a purpose
 * told ("afin de", "car", "pour" before a verb: a sentence of facts does not say why, "pourquoi a-t-on choisi
 * Fana ?" against the one that says what will be built there; curated entries still answer it as written).
 * "Où" wants a place and "qui" someone named (a person or a body, in capitals): a sentence that names none
 * does not say where or who ("où siégera le secrétariat ?" against the one that says what it will do), except
 * in "où en est…" ("… en sont où ?"), which asks how far something has got, no place.
 */
const LOOSE_KINDS = new Set<AskedKind>(["event"]);
const WHERE_STATUS = /\bou\s+en\s+(?:est|sont|etait|etaient|sera|seront|sommes)\b|\ben\s+(?:est|sont|etait|etaient|sera|seront)\s+ou\b/;

/**
 * The kind of fact a question asks for, and whether an excerpt without one must be refused (strict) or only
 * come after one that has it: a date, a number, an amount, a duration, a place ("où") and someone ("qui") are
 * strict, and so are a cause ("pourquoi") and any kind named by "quel X".
 */
export function askedKindOf(text: string, terms: Iterable<string>, intents: Set<string>, markers: KindMarkers): { kind: AskedKind; strict: boolean } | undefined {
  // What someone said or thinks: only a sentence that reports words answers it ("en présence de X" does not).
  const folded = foldText(text).replace(/['’]/g, " ");
  if (STATEMENT_ASKED.test(folded)) return { kind: "statement", strict: true };
  // An age is a number: "quel âge a X ?" is not answered by the sentence that names X. ("Âge" stays a word of
  // the question, not a type noun: a source that never gives an age makes the question unanswerable.)
  if (AGE_ASKED.test(folded)) return { kind: "age", strict: true };
  const typed = answerType(text);
  // Named by "quel X", a place or a body is what is asked; only "quel événement" stays a hint.
  if (typed) return { kind: precise(typed.kind, folded), strict: typed.kind !== "event" };
  const kind = askedKind(text, terms, intents, markers);
  // "directeur ODPD", "le chef de projet côté russe ?": a role named with no question word asks who holds it.
  if (!kind && intents.size === 0 && openingRole(text) !== undefined) return { kind: "agent", strict: true };
  // "Où en est le projet ?", "les travaux en sont où ?" ask how far it has gone, not where it is: no kind to prefer.
  if (kind === "place" && WHERE_STATUS.test(folded)) return undefined;
  return kind ? { kind: precise(kind, folded), strict: !LOOSE_KINDS.has(kind) } : undefined;
}

const ROLES = frenchWords();
const ROLE_FIRST = new RegExp(String.raw`^\s*(?:(?:et|mais)\s+)?(?:(?:le|la|l|les)\s+)?(${[...ROLES.roleNouns].filter((w) => !ROLES.genericRoles.has(w)).join("|")})\b`);
/**
 * The role a message opens with ("directeur ODPD", "et la présidente de la coopérative ?"), folded; not a generic
 * one ("le responsable", which a verb tells). Such a message asks who holds it.
 */
export function openingRole(question: string): string | undefined {
  return ROLE_FIRST.exec(foldText(question).replace(/[^a-z0-9]+/g, " "))?.[1];
}
/** "Depuis quand X dirige-t-il…": when a state began, which a date of something else does not say. */
const SINCE_ASKED = /\b(?:depuis|a\s+partir\s+de|des)\s+quand\b/;
/** A beginning: "depuis 2019", "dès le 1er mars", "à partir de janvier", "nommé en 2022". */
const SINCE = /\bdepuis\b|\bdes\s+(?:le|l|son|sa|ses|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|\d)|\ba\s+partir\s+d|\bnomme(?:e|s)?\b|\ben\s+poste\b/;

/** "La date exacte", "à quelle date précise": a month or a year does not answer, only a day does. */
const PRECISELY = /\b(?:exacte?s?|precise?s?|precisement|exactement)\b/;
/** (On the question folded, apostrophes made spaces, as askedKindOf reads it.) */
function precise(kind: AskedKind, folded: string): AskedKind {
  if (kind !== "date") return kind;
  return SINCE_ASKED.test(folded) ? "since" : PRECISELY.test(folded) ? "day" : kind;
}

/** The kind of fact a question asks for, if it asks for one: its "quel X" first, then its question words and terms. */
export function askedKind(text: string, terms: Iterable<string>, intents: Set<string>, markers: KindMarkers): AskedKind | undefined {
  const typed = answerType(text);
  if (typed) return typed.kind;
  const termSet = new Set(terms);
  for (const kind of MARKED_KINDS) {
    const marker = markers[kind];
    if (!marker) continue;
    if ((marker.term !== undefined && termSet.has(marker.term)) || (marker.intent !== undefined && intents.has(marker.intent))) return kind;
  }
  return undefined;
}

/** Verbs of saying as past participles, folded ("a annoncé le samedi 5 mai…", "a déclaré ce lundi"). */
const SAYING = String.raw`(?:annonce|declare|indique|precise|affirme|souligne|explique|rappele|estime|confie|assure)(?:e|s|es)?`;
/** A date right after a verb of saying: the day someone spoke, not the day of what they spoke of. */
const SAYING_DATE = new RegExp(
  String.raw`\b${SAYING}\s+(?:ce\s+|le\s+)?(?:(?:${DAYS})\s+)?(?:\d{1,2}(?:er)?\s+(?:${MONTHS})(?:\s+\d{4})?|(?:${DAYS}))\b`,
  "g",
);
/** The stems of the verbs of saying, as a question may write them ("annoncé", "a-t-il déclaré", "dit"). */
const SAYING_ASKED = /\b(?:annonc|declar|indiqu|precis|affirm|soulign|expliqu|rappel|estim|confi|dit|dire)/;
/** Whether a question asks about someone's words ("quand a-t-il annoncé…", "à quelle date a-t-il déclaré…"). */
export function asksAboutSaying(question: string): boolean {
  return SAYING_ASKED.test(foldText(question));
}
/**
 * Whether a text states a date (or a day) other than the day someone spoke: "accueillera ses élèves à la rentrée
 * d'octobre 2029, a annoncé le samedi 5 mai le ministre" gives the day of the announcement, not of the rentrée.
 */
export function statesKindBesidesSaying(kind: "date" | "day", text: string): boolean {
  return statesKind(kind, foldText(text).replace(SAYING_DATE, " "));
}

const MONTH_NUMBERS = new Map(MONTH_ALTERNATION.split("|").map((m, i) => [m, i + 1] as const));
/** A day and month ("le 17 janvier"), a month ("en octobre 2028", "d'octobre"), a year ("en 2026"), folded. */
const DATE_PARTS = new RegExp(String.raw`\b(?:(\d{1,2})(?:er)?\s+)?(${MONTH_ALTERNATION})(?:\s+((?:19|20)\d\d))?\b|\b((?:19|20)\d\d)\b`, "g");
/** "La prochaine session", "le prochain convoi", "the next tour" (read as "prochain"): what comes after the source's news. */
const NEXT_ASKED = /\bprochaine?s?\b/;
export function asksForTheNext(question: string): boolean {
  return NEXT_ASKED.test(foldText(question));
}
/**
 * Whether a text gives a date after `sourceDate` (YYYY-MM-DD, the day its source was published): "se tiendra à
 * Moscou au premier semestre 2026" in a brief of September 2025 does, "a quitté Tombouctou le 17 janvier" in a
 * brief of 19 January does not (a day and month without a year are the source's year). What is told only by a
 * year or a month counts as after when that year, or that month, is.
 */
export function statesDateAfter(text: string, sourceDate: string): boolean {
  const [sy, sm, sd] = sourceDate.split("-").map(Number) as [number, number, number];
  for (const m of foldText(text).matchAll(DATE_PARTS)) {
    const year = Number(m[3] ?? m[4] ?? sy);
    const month = m[2] ? (MONTH_NUMBERS.get(m[2]) ?? 0) : 0;
    const day = m[1] ? Number(m[1]) : 0;
    if (year !== sy) {
      if (year > sy) return true;
      continue;
    }
    if (month === 0) continue;
    if (month > sm || (month === sm && day > sd)) return true;
  }
  return false;
}
