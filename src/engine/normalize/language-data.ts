import { readFileSync } from "node:fs";
import { parseYamlCached as parseYaml } from "../../common/yaml-cache.ts";
import { z } from "zod";
import { describeIssues, KnowledgeError } from "../knowledge/errors.ts";
import { foldText } from "./text.ts";

/**
 * The engine's general language data, in `lang/` (data, not code): French
 * word lists (lang/fr/words.yaml), general French synonyms
 * (lang/fr/synonyms.yaml) and the English→French bridge
 * (lang/en/bridge.yaml). What is about this story (names, transliterations,
 * how people ask about the article's facts) is in knowledge/lexicon.yaml.
 * Loaded once per process and validated: an error names the file and field.
 */
const LANG_DIR = new URL("../../../lang/", import.meta.url);

/** Lines of space-separated words ("- a à ai aie…"), or single words. */
const wordLines = z.array(z.string().min(1));
const wordMap = z.record(z.string().min(1), z.union([z.string().min(1), z.number()]));

const wordsSchema = z.strictObject({
  sms: wordMap,
  numbers: wordMap,
  stopwords: wordLines,
  frames: wordLines,
  specifying: z.array(z.string().min(1)),
  cardinals: z.array(z.string().min(1)),
  quantity_nouns: z.array(z.string().min(1)),
  people_nouns: z.array(z.string().min(1)),
  subject_nouns: z.array(z.string().min(1)),
  role_verbs: z.array(z.string().min(1)),
  role_nouns: z.array(z.string().min(1)),
  nationalities: wordLines,
  generic_roles: z.array(z.string().min(1)),
  qualifiers: wordLines,
  units: wordLines,
  dimensions: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)),
  months: z.array(z.string().min(1)).length(12),
  weekdays: z.array(z.string().min(1)).length(7),
  answer_types: z.strictObject({
    place: z.array(z.string().min(1)),
    agent: z.array(z.string().min(1)),
    date: z.array(z.string().min(1)),
    day: z.array(z.string().min(1)),
    time: z.array(z.string().min(1)),
    number: z.array(z.string().min(1)),
    amount: z.array(z.string().min(1)),
    duration: z.array(z.string().min(1)),
    cause: z.array(z.string().min(1)),
    event: z.array(z.string().min(1)),
  }),
});

const synonymsSchema = z.strictObject({
  /** Groups of words that mean the same in any text: the first is the canonical one. */
  synonyms: z.array(z.array(z.string().min(1)).min(2)),
  /** Abbreviations and variant spellings of general words (kg → kilogramme). */
  spellings: z.record(z.string().min(1), z.string().min(1)).default({}),
});

const bridgeSchema = z.strictObject({
  /** English words or phrases → the French they stand for in a question (folded English on the left). */
  words: z.record(z.string().min(1), z.string()),
});
const markersSchema = z.strictObject({
  /** English words that tell a question is English (function words French never uses). */
  markers: z.array(z.string().min(1)),
  /** Auxiliaries that, opening an English question, make it a yes/no question ("Are the consultations free?"). */
  yes_no_openers: z.array(z.string().min(1)),
});

function load<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(new URL(file, LANG_DIR), "utf8"));
  } catch (error) {
    throw new KnowledgeError(`lang/${file}: cannot be read as YAML: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new KnowledgeError(describeIssues(`lang/${file}`, parsed.error.issues));
  return parsed.data;
}

const foldedMap = (m: Record<string, string | number>) => new Map(Object.entries(m).map(([k, v]) => [foldText(k).trim(), foldText(String(v)).trim()]));
const foldedWords = (lines: string[]) => lines.flatMap((l) => foldText(l).split(/\s+/)).filter(Boolean);

export interface FrenchWords {
  sms: ReadonlyMap<string, string>;
  numbers: ReadonlyMap<string, string>;
  stopwords: ReadonlySet<string>;
  specifying: ReadonlySet<string>;
  cardinals: ReadonlySet<string>;
  /** Nouns that ask for a count of what follows them ("la quantité de…"). */
  quantityNouns: ReadonlySet<string>;
  /** People of no kind in particular ("combien de personnes"): whoever a sentence counts answers. */
  peopleNouns: ReadonlySet<string>;
  /** Generic nouns that, opening a sentence ("L'ouvrage…"), name what its brief is about. */
  subjectNouns: ReadonlySet<string>;
  /** Forms of "être" after which "qui … le X" asks who holds the role X. */
  roleVerbs: ReadonlySet<string>;
  /** Nouns of a role a side may qualify ("le chef russe"). */
  roleNouns: ReadonlySet<string>;
  /** Adjectives of nationality in every form ("russe", "maliennes"). */
  nationalities: ReadonlySet<string>;
  /** Roles that only say who is in charge ("le responsable", "le chef"). */
  genericRoles: ReadonlySet<string>;
  /** Words that place or bound what is asked ("prochaine", "maximum") rather than name it. */
  qualifiers: ReadonlySet<string>;
  /** Units of measure ("tonnes", "mètres cubes"). */
  units: ReadonlySet<string>;
  months: string[];
  weekdays: string[];
  /** Folded type noun → the kind of answer it asks for ("ville" → place). */
  answerTypes: ReadonlyMap<string, string>;
  /** A measure ("superficie") → the units it is told in ("km2", "hectares"). */
  dimensions: ReadonlyMap<string, ReadonlySet<string>>;
}

let french: FrenchWords | undefined;
export function frenchWords(): FrenchWords {
  if (!french) {
    const data = load("fr/words.yaml", wordsSchema);
    french = {
      sms: foldedMap(data.sms),
      numbers: foldedMap(data.numbers),
      stopwords: new Set([...foldedWords(data.stopwords), ...foldedWords(data.frames)]),
      specifying: new Set(foldedWords(data.specifying)),
      cardinals: new Set(foldedWords(data.cardinals)),
      quantityNouns: new Set(foldedWords(data.quantity_nouns)),
      peopleNouns: new Set(foldedWords(data.people_nouns)),
      subjectNouns: new Set(foldedWords(data.subject_nouns)),
      roleVerbs: new Set(foldedWords(data.role_verbs)),
      roleNouns: new Set(foldedWords(data.role_nouns)),
      nationalities: new Set(foldedWords(data.nationalities)),
      genericRoles: new Set(foldedWords(data.generic_roles)),
      qualifiers: new Set(foldedWords(data.qualifiers)),
      units: new Set(foldedWords(data.units)),
      months: foldedWords(data.months),
      weekdays: foldedWords(data.weekdays),
      dimensions: new Map(Object.entries(data.dimensions).map(([noun, units]) => [foldText(noun).trim(), new Set(foldedWords(units))] as const)),
      answerTypes: new Map(Object.entries(data.answer_types).flatMap(([kind, nouns]) => foldedWords(nouns).map((n) => [n, kind] as const))),
    };
  }
  return french;
}

export interface GeneralSynonyms {
  synonyms: string[][];
  spellings: Record<string, string>;
}

let synonyms: GeneralSynonyms | undefined;
export function generalSynonyms(): GeneralSynonyms {
  synonyms ??= load("fr/synonyms.yaml", synonymsSchema);
  return synonyms;
}

export interface EnglishBridge {
  /** Folded English word or phrase → folded French. */
  words: ReadonlyMap<string, string>;
  /** Longest phrase in words, in words. */
  longestPhrase: number;
}

let bridge: EnglishBridge | undefined;
export function englishBridge(): EnglishBridge {
  if (!bridge) {
    const data = load("en/bridge.yaml", bridgeSchema);
    const words = new Map(Object.entries(data.words).map(([k, v]) => [foldText(k).trim(), foldText(v).trim()]));
    bridge = { words, longestPhrase: Math.max(1, ...[...words.keys()].map((k) => k.split(" ").length)) };
  }
  return bridge;
}

let markers: { markers: ReadonlySet<string>; yesNoOpeners: ReadonlySet<string> } | undefined;
function englishWordLists() {
  if (!markers) {
    const data = load("en/markers.yaml", markersSchema);
    markers = { markers: new Set(foldedWords(data.markers)), yesNoOpeners: new Set(foldedWords(data.yes_no_openers)) };
  }
  return markers;
}
/** The words that tell a message is English (lang/en/markers.yaml), folded. */
export function englishMarkers(): ReadonlySet<string> {
  return englishWordLists().markers;
}
/** The auxiliaries that open an English yes/no question (lang/en/markers.yaml), folded. */
export function englishYesNoOpeners(): ReadonlySet<string> {
  return englishWordLists().yesNoOpeners;
}
