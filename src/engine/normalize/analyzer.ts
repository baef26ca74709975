import { NUMBER_WORDS, QUESTION_INTENTS, SMS_SPELLINGS, STOPWORDS } from "./french.ts";
import { frenchLexicon, type FrenchLexicon, type WordCategory } from "./french-lexicon.ts";
import { stemFrench } from "./stem.ts";
import { foldText, splitWords } from "./text.ts";
import { Recent } from "../../common/recent.ts";

/** The curated lexicon, as loaded from knowledge/lexicon.yaml. */
export interface Lexicon {
  /** Groups of forms that mean the same here; the first is the canonical one. */
  synonyms: string[][];
  /** Variant spelling (folded) → canonical spelling (folded). */
  spellings: Record<string, string>;
  /** Curated words that frame a question without being what it asks: stopwords, on top of the general list. */
  frames?: string[];
  /**
   * General French synonyms and spellings (lang/fr/synonyms.yaml), read after the curated ones: where a
   * curated group already claims a word, the curated sense wins.
   */
  general?: { synonyms: string[][]; spellings: Record<string, string> };
}

/**
 * Forms of "être" and "avoir" (folded) after which a word that is both a noun and a participle is the participle:
 * "elles sont parties" (partir), not "les parties"; "la réunion a été mise en place" (mettre), not "la mise".
 * ("a" folds with "à" too: "à sortie" is not French, and "à la sortie" has its article between.)
 */
const AUXILIARIES = new Set(["est", "sont", "etait", "etaient", "sera", "seront", "serait", "seraient", "ete", "etre", "suis", "es", "etes", "sommes", "fut", "furent", "a", "ont", "avait", "avaient", "aura", "auront", "aurait", "auraient", "avoir", "eu"]);
/**
 * "A" is "avoir" only after a subject that "à" never follows ("il a", "qui a", "l'a", "n'a", "ça a") or before its
 * inverted subject ("a-t-il"): "à Fana", "à part" are not "faner", "partir".
 */
const SUBJECTS_OF_A = new Set(["il", "elle", "on", "qui", "l", "n", "y", "ca", "cela", "qu", "j"]);
/** Words that may stand between an auxiliary and its participle ("sont-elles parties", "est déjà venue", "n'est pas sortie"). */
const BETWEEN_AUXILIARY = new Set(["il", "elle", "ils", "elles", "on", "t", "deja", "bien", "pas", "jamais", "toujours", "encore", "enfin", "finalement"]);

/** Texts whose words are kept (see Analyzer.words). */
const RECENT_TEXTS = 32;

/** Stands for "où" once accents are folded away (see QUESTION_INTENTS). */
const WHERE_MARKER = "ouintent";

export interface Token {
  /** The index term: a stem, a lexicon group id, or an intent marker ("?qui"). */
  term: string;
  /** The folded word(s) of the input it comes from. */
  surface: string;
  /** Question words ("qui", "quand"…) become intents: hints, not content. */
  isIntent: boolean;
  /** Set when the word was unknown and a typo correction replaced it. */
  correctedFrom?: string;
}

/**
 * Typo correction for a word whose term the index does not know: first a
 * known word close to it ("delegasion" → "delegation"), else a known term
 * close to its stem ("dirije" → stem "dirij" → "dirig").
 */
export interface Corrector {
  isKnownTerm(term: string): boolean;
  /** A real word of the language: never "corrected" into another one. */
  isDictionaryWord(foldedWord: string): boolean;
  /** What a real word mostly is (French lexicon): an adverb or a function word the knowledge lacks asks nothing. */
  categoryOf?(foldedWord: string): WordCategory | undefined;
  correctWord(foldedWord: string): string | undefined;
  correctTerm(term: string): string | undefined;
  /** The knowledge word a clipping begins ("mecano" → "mecaniciens"), if it begins words of one meaning only. */
  expandClipping?(foldedWord: string): string | undefined;
}

/**
 * The shape of a clipping that dictionaries list as a word of its own ("mécano", "promo", "info", "dispo"): spoken
 * French cuts a long word after a syllable and ends it in -o. When the knowledge lacks it, it is read as the long
 * word it begins, which the knowledge has ("mécaniciens"); other words are never read as another one.
 */
const CLIPPING_SHAPE = /^[a-z]{3,}os?$/;

/** Common inflections of a folded French infinitive in -er or -ir ("creer" → "cree", "creee", "creait"…). */
export function verbInflections(infinitive: string): string[] {
  if (infinitive.length < 5) return [];
  // The tenir/venir family ("soutenir" → "soutient", "soutiennent", "soutenu") and the -uire verbs ("conduire" → "conduisait").
  if (infinitive.endsWith("enir")) {
    const stem = infinitive.slice(0, -4);
    return ["iens", "ient", "iennent", "enu", "enue", "enus", "enues", "enait", "enaient", "enant", "iendra", "iendront", "iendrait"].map((e) => stem + e);
  }
  if (infinitive.endsWith("uire")) {
    const stem = infinitive.slice(0, -4);
    return ["uis", "uit", "uisent", "uisait", "uisaient", "uisant", "uite", "uites", "uits", "uira", "uiront"].map((e) => stem + e);
  }
  const base = infinitive.slice(0, -2);
  if (infinitive.endsWith("er")) {
    return ["e", "es", "ent", "ee", "ees", "ais", "ait", "aient", "ant", "ons", "ez", "a", "ai", "era", "eront", "erait"].map((e) => base + e);
  }
  if (infinitive.endsWith("ir")) {
    return ["i", "ie", "is", "ies", "it", "issent", "issait", "issaient", "issant", "ira", "iront"].map((e) => base + e);
  }
  return [];
}

/**
 * Words written as names (folded): a capital inside a sentence ("allés à Gao"),
 * or an acronym in capitals ("l'ONU"). A short unknown word is normally
 * dropped as chat noise; a name is kept, so that a question about a place or
 * a body the article never mentions is not answered as if it did.
 */
export function namesIn(text: string): Set<string> {
  const out = new Set<string>();
  // A message typed in capitals ("C KI LE CHEF WSH ?") has no names to tell apart by their capitals.
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const capitals = text.match(/\p{Lu}/gu)?.length ?? 0;
  if (letters > 0 && capitals / letters > 0.6) return out;
  for (const m of text.matchAll(/(?<![\p{L}\p{N}])\p{Lu}[\p{L}]*/gu)) {
    const word = m[0];
    const before = text.slice(0, m.index).trimEnd();
    const startsSentence = before === "" || /[.!?…:]$/.test(before);
    const acronym = word.length >= 2 && word === word.toUpperCase();
    if (acronym || !startsSentence) out.add(foldText(word));
  }
  return out;
}

/** Number words with their doubled letters made single, for a number word typed with one letter doubled ("deuxiemme"). */
const NUMBER_WORDS_SINGLED = new Map([...NUMBER_WORDS].map(([word, value]) => [singleLetters(word), value]));
function singleLetters(word: string): string {
  return word.replace(/(\p{L})\1/gu, "$1");
}
function numberWithDoubledLetter(word: string): string | undefined {
  // (Words are folded here: an ASCII test first, as every word of every text goes through this.)
  return word.length >= 5 && /([a-z])\1/.test(word) ? NUMBER_WORDS_SINGLED.get(singleLetters(word)) : undefined;
}

/** "2e", "2eme", "1er", "3ieme": an ordinal in figures reads as its number, as "deuxième" does. */
function ordinal(word: string): string | undefined {
  return /^(\d{1,3})(?:e|eme|ieme|er|ere|nd|nde)$/.exec(word)?.[1];
}

interface PhraseRule {
  stems: string[];
  term: string;
}

/**
 * Turns any text into index terms: folding, SMS and name spellings, lexicon
 * phrases and synonyms, stopwords, stemming. Questions and knowledge go
 * through the same analyzer, which is what makes them comparable.
 */
export class Analyzer {
  private readonly spellings = new Map<string, string>();
  private readonly synonymOf = new Map<string, string>();
  private readonly phrases: PhraseRule[] = [];
  private readonly maxPhraseLength: number;
  private readonly phrasesByFirstStem = new Map<string, PhraseRule[]>();
  private readonly lexiconWords = new Set<string>();
  private readonly frames: Set<string>;
  /** Lexicon forms that another group already claimed (the first group wins): reported by knowledge:check. */
  readonly conflicts: string[] = [];
  /** The same, between two groups of the general synonyms (a bug of lang/fr/synonyms.yaml, caught by its test). */
  readonly generalConflicts: string[] = [];

  /** Folded word → index stem, worked out once per distinct word (the knowledge has few, questions repeat them). */
  private readonly stems = new Map<string, string>();
  private readonly morphology: (Pick<FrenchLexicon, "base"> & Partial<Pick<FrenchLexicon, "category" | "verbBase">>) | undefined;

  /**
   * `morphology` gives each word the word it reads as (its lemma, or the verb a noun is made from: see
   * french-lexicon.ts) before stemming; the Lefff by default, none with `null`.
   */
  constructor(lexicon: Lexicon, morphology: (Pick<FrenchLexicon, "base"> & Partial<Pick<FrenchLexicon, "category" | "verbBase">>) | null = frenchLexicon()) {
    this.morphology = morphology ?? undefined;
    this.frames = new Set((lexicon.frames ?? []).flatMap((w) => splitWords(foldText(w))));
    const curatedSpellings = Object.entries(lexicon.spellings);
    const generalSpellings = Object.entries(lexicon.general?.spellings ?? {});
    for (const [variant, canonical] of [...curatedSpellings, ...generalSpellings]) {
      const key = foldText(variant).trim();
      if (this.spellings.has(key)) continue;
      this.spellings.set(key, foldText(canonical).trim());
      for (const w of splitWords(foldText(canonical))) this.lexiconWords.add(w);
    }
    const curated = lexicon.synonyms;
    const general = lexicon.general?.synonyms ?? [];
    /** Stems claimed by a curated group: a general group gives way there. */
    const curatedStems = new Set<string>();
    for (const [groups, isGeneral] of [[curated, false], [general, true]] as const) {
      for (const group of groups) {
        const canonicalTerm = this.groupTerm(group[0] ?? "");
        for (const form of group) {
          for (const w of splitWords(foldText(form))) this.lexiconWords.add(w);
          const stems = this.formStems(form);
          if (stems.length === 0) continue;
          if (stems.length > 1) {
            this.phrases.push({ stems, term: canonicalTerm });
            continue;
          }
          const stem = stems[0] as string;
          const claimed = this.synonymOf.get(stem);
          if (claimed === undefined) {
            this.synonymOf.set(stem, canonicalTerm);
            if (!isGeneral) curatedStems.add(stem);
          } else if (claimed !== canonicalTerm && !(isGeneral && curatedStems.has(stem))) {
            (isGeneral ? this.generalConflicts : this.conflicts).push(`"${form}" (group "${group[0]}") reads as the group "${claimed}" already: both reduce to "${stem}"`);
          }
        }
      }
    }
    // Verbs are listed in one form; their usual inflections join the group unless another group claims them.
    // (With the Lefff every inflected form already reads as its infinitive: only the curated groups, whose
    // forms may be words the Lefff lacks, get their inflections spelt out; the general lists are real French.)
    for (const group of this.morphology ? curated : [...curated, ...general]) {
      const canonicalTerm = this.groupTerm(group[0] ?? "");
      for (const form of group) {
        const words = splitWords(foldText(form));
        if (words.length !== 1) continue;
        for (const inflected of verbInflections(words[0] as string)) {
          const stem = this.stem(inflected);
          if (!this.synonymOf.has(stem)) this.synonymOf.set(stem, canonicalTerm);
        }
      }
    }
    this.phrases.sort((a, b) => b.stems.length - a.stems.length);
    this.maxPhraseLength = this.phrases[0]?.stems.length ?? 0;
    // Phrases by their first stem (longest first), so that each word only tries the phrases that can start there.
    for (const rule of this.phrases) {
      const first = rule.stems[0] as string;
      const list = this.phrasesByFirstStem.get(first);
      if (list) list.push(rule);
      else this.phrasesByFirstStem.set(first, [rule]);
    }
  }

  /** The index stem of a folded word: the stem of the word it reads as (lemma, family), or of the word itself. */
  stem(word: string): string {
    let stem = this.stems.get(word);
    if (stem === undefined) {
      // (A figure is itself: the Lefff reads "2" as a noun of its own.)
      const base = /\d/.test(word) ? undefined : this.morphology?.base(word);
      // A name ("France") is not cut down to a common word ("franc"): it stays as written.
      // A noun in -ment that the Lefff does not read as a verb's ("département", "logement") is a word of its
      // own: cut down, "département" would read as "départ".
      const nounOfItsOwn = base !== undefined && base !== null && base.endsWith("ment") && this.morphology?.category?.(base) === "noun";
      stem = base === null ? word : nounOfItsOwn ? base : stemFrench(base ?? word);
      if (this.stems.size > 200_000) this.stems.clear();
      this.stems.set(word, stem);
    }
    return stem;
  }

  /**
   * A word that says nothing of what is asked: the general French list, or a curated frame word; or the plural
   * of a listed noun ("textes" as "texte": otherwise a plural reads as content that a singular never gives).
   */
  isStopword(foldedWord: string): boolean {
    if (STOPWORDS.has(foldedWord) || this.frames.has(foldedWord)) return true;
    if (!/[sx]$/.test(foldedWord)) return false;
    const singular = foldedWord.slice(0, -1);
    return STOPWORDS.has(singular) && this.morphology?.base(foldedWord) === singular;
  }

  /** The curated frame words (folded). */
  frameWords(): string[] {
    return [...this.frames];
  }

  /** Group terms that a question word also stands for ("quand" → the date group, "combien" → the number group). */
  questionWordTerms(): Set<string> {
    const out = new Set<string>();
    for (const word of QUESTION_INTENTS.keys()) {
      const term = this.synonymOf.get(this.stem(word));
      if (term) out.add(term);
    }
    return out;
  }

  /** Stems that the lexicon maps to a group term (one the knowledge has, with `termIsKnown`): typo targets for stem-level correction. */
  lexiconStems(termIsKnown: (term: string) => boolean = () => true): string[] {
    return [...this.synonymOf].filter(([, term]) => termIsKnown(term)).map(([stem]) => stem);
  }

  /** Every single folded word the lexicon knows (forms and canonical spellings): typo targets too. */
  lexiconForms(): string[] {
    return [...this.lexiconWords];
  }

  /** The latest texts' words: one ask reads its question's words in several places. Callers never change them. */
  private readonly recentWords = new Recent<readonly string[]>(RECENT_TEXTS);

  /** Folded words after SMS and name spellings, stopwords kept (phrases need them). */
  words(text: string): readonly string[] {
    return this.recentWords.get(text, (t) => this.readWords(t));
  }

  private readWords(text: string): string[] {
    const out: string[] = [];
    // "où" (where) folds to "ou" (or): mark it before the accent goes. Without its accent it is unambiguous after
    // "d'", opening the text ("ou siegera…") or closing it ("ils l'ont signé ou ?"): "or" stands between two things.
    const marked = text
      .replace(/(?<!\p{L})(?:d['’ ]?)?où(?!\p{L})|(?<!\p{L})d['’ ]ou(?!\p{L})|^\s*ou(?!\p{L})(?!\s+bien\b)|(?<!\p{L})ou(?=\s*[?!.]*\s*$)/giu, ` ${WHERE_MARKER} `)
      // "né" (born) folds to "ne", a stopword; with its accent it is unambiguous.
      .replace(/(?<!\p{L})née?s?(?!\p{L})/giu, " naissance ")
      // "À partir de janvier", "à partir de quand ?": from a time on ("depuis"), not the verb "partir" (to leave).
      .replace(/(?<!\p{L})[àa]\s+partir\s+(?=d)/giu, " depuis ")
      // "49 %" is "49 pour cent": the sign is a word of the text.
      .replace(/%/g, " pourcent ")
      // A vice-president is not the president, an ex-minister no longer the minister: one word each.
      .replace(/(?<!\p{L})vice[\s‐-]+(?=\p{L})/giu, "vice")
      .replace(/(?<!\p{L})(ex|sous)[‐-](?=\p{L})/giu, "$1");
    // "__proto__", "snake_case": an identifier, not words ("_quand_" in Markdown italics stays a word).
    // "@quelquun" names a user, never a fact; "kiiii", "combiennnn" stretch a word for emphasis (no French word triples a letter).
    const unmentioned = marked.replace(/(?<![\p{L}\p{N}])@[\p{L}\p{N}_]+/gu, " ").replace(/[^\s]*(?:__|[\p{L}\p{N}]_[\p{L}\p{N}])[^\s]*/gu, " ");
    // One pass over the whole text, not one regex per word: the knowledge goes through here too (100,000 passages).
    for (const raw of splitWords(foldText(unmentioned).replace(/(\p{L})\1{2,}/gu, "$1"))) {
      const spelled = this.spellings.get(raw) ?? SMS_SPELLINGS.get(raw) ?? NUMBER_WORDS.get(raw) ?? ordinal(raw) ?? numberWithDoubledLetter(raw) ?? raw;
      for (const w of spelled.split(" ")) if (w) out.push(w);
    }
    return out;
  }

  analyze(text: string, corrector?: Corrector): Token[] {
    const original = this.words(text);
    const names = corrector ? namesIn(text) : new Set<string>();
    // Typos are fixed on words first, so that a corrected word can still complete a phrase ("aliance des etats du sahel").
    const written = corrector ? original.map((w) => this.correctWord(w, corrector)) : original;
    const words = this.participlesRead(written);
    const stems = words.map((w) => this.stem(w));
    const tokens: Token[] = [];
    for (let i = 0; i < words.length; ) {
      const phrase = this.matchPhrase(stems, i);
      if (phrase) {
        tokens.push({ term: phrase.term, surface: words.slice(i, i + phrase.stems.length).join(" "), isIntent: false });
        i += phrase.stems.length;
        continue;
      }
      const word = words[i] as string;
      const typed = original[i] as string;
      const asWritten = written[i] as string;
      i += 1;
      const read = this.wordToken(word);
      if (!read) continue;
      // (A participle read as its verb keeps the word written as its surface.)
      const token = word === asWritten ? read : { ...read, surface: asWritten };
      // A question word the lexicon also lists ("quand" with "date", "pourquoi" with "raison") is both an intent and that term.
      const groupTerm = token.isIntent ? this.synonymOf.get(this.stem(word)) : undefined;
      if (groupTerm) tokens.push({ term: groupTerm, surface: word, isIntent: false });
      if (token.isIntent || !corrector || corrector.isKnownTerm(token.term)) {
        tokens.push(asWritten === typed ? token : { ...token, correctedFrom: typed });
        continue;
      }
      const final = this.unknownWord(token, corrector, names);
      if (final) tokens.push(final);
    }
    return tokens;
  }

  /**
   * The words with a noun that is also a participle read as its verb after "être" or "avoir" ("sont parties" →
   * "partir"): the Lefff reads such a form as the noun first, which is right elsewhere ("les deux parties").
   */
  private participlesRead(words: readonly string[]): readonly string[] {
    const verbBase = this.morphology?.verbBase;
    if (!verbBase) return words;
    let out: string[] | undefined;
    for (let i = 1; i < words.length; i++) {
      let j = i - 1;
      while (j > 0 && j >= i - 2 && BETWEEN_AUXILIARY.has(words[j] as string)) j--;
      const auxiliary = words[j] as string;
      if (!AUXILIARIES.has(auxiliary) || (auxiliary === "a" && words[j + 1] !== "t" && !SUBJECTS_OF_A.has(words[j - 1] as string))) continue;
      const verb = verbBase(words[i] as string);
      // (Only a verb of a synonym group, which the reading joins to its other words: "payé" to "financé". Others
      // would only trade one stem for another, some shared by a noun: "partis" → "part", as in "à part".)
      if (verb === undefined || !this.synonymOf.has(this.stem(verb)) || this.synonymOf.has(this.stem(words[i] as string))) continue;
      (out ??= [...words])[i] = verb;
    }
    return out ?? words;
  }

  /** The known word a mistyped one stands for; the word itself when it is known, a real word, or too far from anything. */
  private correctWord(word: string, corrector: Corrector): string {
    const token = this.wordToken(word);
    if (!token || token.isIntent || corrector.isKnownTerm(token.term)) return word;
    if (corrector.isDictionaryWord(word)) return CLIPPING_SHAPE.test(word) ? (this.clippedWord(word.replace(/s$/, ""), corrector) ?? word) : word;
    return corrector.correctWord(word) ?? word;
  }

  /** The knowledge word a clipping in -o stands for: one it begins ("promo"), or one its cut begins ("mécano" → "mécan-iciens"). */
  private clippedWord(word: string, corrector: Corrector): string | undefined {
    // (Not a word a synonym group already reads, "resto" as "restaurant": its meaning is known, and its cut,
    // "rest-", begins "rester". And only into a noun, as clippings are: "mécano" → "mécaniciens".)
    if (this.synonymOf.has(this.stem(word))) return undefined;
    const isNoun = (w: string | undefined) => w !== undefined && (corrector.categoryOf?.(w) ?? "noun") === "noun";
    const whole = corrector.expandClipping?.(word);
    if (isNoun(whole)) return whole;
    const cut = corrector.expandClipping?.(word.slice(0, -1));
    return isNoun(cut) ? cut : undefined;
  }

  /**
   * A word whose term the index does not know, after word-level correction:
   * a close known stem, or nothing for a short non-word ("grp", "avt": an
   * abbreviation the SMS table lacks is noise, not a question about
   * something the article omits), or the unknown token itself.
   */
  private unknownWord(token: Token, corrector: Corrector, names: Set<string>): Token | undefined {
    const word = token.surface;
    const real = corrector.isDictionaryWord(word);
    // "maintenant", "autant", "jamais": an adverb the knowledge never uses says how, not what, is asked.
    const category = real ? corrector.categoryOf?.(word) : undefined;
    if (category === "adverb" || category === "function") return undefined;
    if (!real) {
      const term = corrector.correctTerm(this.stem(word));
      if (term) return { term: this.synonymOf.get(term) ?? term, surface: word, isIntent: false, correctedFrom: word };
      if (word.length <= 4 && !/\d/.test(word) && !names.has(word)) return undefined;
    }
    return token;
  }

  /** The term a single folded word stands for, or undefined for a stopword. */
  private wordToken(word: string): Token | undefined {
    const intent = QUESTION_INTENTS.get(word);
    if (intent) return { term: intent, surface: word, isIntent: true };
    if (this.isStopword(word)) return undefined;
    const stem = this.stem(word);
    return { term: this.synonymOf.get(stem) ?? stem, surface: word, isIntent: false };
  }

  private matchPhrase(stems: string[], start: number): PhraseRule | undefined {
    if (this.maxPhraseLength < 2) return undefined;
    const candidates = this.phrasesByFirstStem.get(stems[start] as string);
    return candidates?.find((rule) => rule.stems.length <= stems.length - start && rule.stems.every((s, k) => stems[start + k] === s));
  }


  /** Stems of a lexicon form, stopwords kept so that "à la tête de" stays a phrase. */
  private formStems(form: string): string[] {
    return this.words(form).map((w) => this.stem(w));
  }

  /** A group's term: its first form's content stems, so that it reads in debug output. */
  private groupTerm(form: string): string {
    const content = this.words(form).filter((w) => !this.isStopword(w) && !QUESTION_INTENTS.has(w));
    return (content.length > 0 ? content : this.words(form)).map((w) => this.stem(w)).join("_");
  }
}
