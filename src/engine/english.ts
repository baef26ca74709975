import { frenchLexicon } from "./normalize/french-lexicon.ts";
import { englishBridge, englishMarkers, englishYesNoOpeners, type EnglishBridge } from "./normalize/language-data.ts";
import { foldText } from "./normalize/text.ts";
import { TypoIndex } from "./search/typo-index.ts";

/**
 * Questions asked in English ("How many tonnes of fertilizer were delivered?") are read in French through a
 * bridge of general vocabulary and English place names (lang/en/bridge.yaml), then answered like any other:
 * from the same knowledge, in French, with the excerpt. Names and numbers pass through as they are.
 */
const markers = englishMarkers();
/** The bridge's 3,500 entries, read on the first word that may be English (a French question rarely has one). */
let loadedBridge: EnglishBridge | undefined;
const bridgeData = () => (loadedBridge ??= englishBridge());
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const FRENCH_ELISION = /^(?:d|l|qu|n|s|j|c|m|t|jusqu|lorsqu|puisqu|quoiqu)'(.+)$/;

/** French words that English never uses: they make a mixed message French ("c'est who le chef"). */
const FRENCH_FUNCTION_WORDS = new Set("le la les de des du un une et est qui quoi quel quelle quand comment pourquoi dans pour avec sur au aux ce cette cest sont ont etait ils elle".split(" "));

/**
 * True for a message written in English: English words (function words, or words of the bridge that are not
 * French) outnumber French function words, two at least, or make the whole of a one- or two-word message.
 */
export function isEnglish(text: string): boolean {
  const words = (foldText(text).match(WORD) ?? []).map((w) => w.replace(/['’]/g, "'"));
  if (words.length === 0) return false;
  const lexicon = frenchLexicon();
  let english = 0;
  let french = 0;
  /** English words that are no French word at all ("the", not "or", which is gold). */
  let onlyEnglish = 0;
  for (const word of words) {
    // "d'engrais", "l'OHVN", "qu'il": a French elision is a French word before the one it is joined to.
    const elided = FRENCH_ELISION.exec(word);
    if (elided) french++;
    const w = elided ? (elided[1] as string) : word;
    if (markers.has(w)) {
      english++;
      if (!lexicon.has(w)) onlyEnglish++;
    } else if (FRENCH_FUNCTION_WORDS.has(w)) french++;
    // (The dictionary before the bridge: most words of a French question are in it, and then no English ending need be tried.)
    else if (!lexicon.has(w) && bridgeWord(w) !== undefined) {
      english++;
      onlyEnglish++;
    }
  }
  if (english >= 2) return english > french * 2;
  // One English word makes a message of one or two words English only if it is no French word: "or uranium" is French.
  return onlyEnglish === 1 && french === 0 && words.length <= 2;
}

/** The French a word stands for, trying the plural and the -ed/-ing endings too. */
function bridgeWord(folded: string): string | undefined {
  const bridge = bridgeData();
  const direct = bridge.words.get(folded);
  if (direct !== undefined) return direct;
  const stems = [
    folded.replace(/'s$/, ""),
    folded.replace(/ies$/, "y"),
    folded.replace(/es$/, ""),
    folded.replace(/s$/, ""),
    folded.replace(/ed$/, ""),
    folded.replace(/ed$/, "e"),
    folded.replace(/d$/, ""),
    folded.replace(/ing$/, ""),
    folded.replace(/ing$/, "e"),
  ];
  // (A stem of three letters at least: "aes" is not the plural of "a".)
  for (const stem of stems) if (stem !== folded && stem.length >= 3 && bridge.words.has(stem)) return bridge.words.get(stem);
  return undefined;
}

/** The bridge's single English words, as typo targets (built on first use: most questions are French). */
let englishTypos: TypoIndex | undefined;

/**
 * The French of a mistyped English word ("fertlizer", "constuction", "univeristy"): the bridge word it is one or
 * two edits from. Not for a capitalised word (a name) nor for a French one, which the French side reads.
 */
function correctedBridgeWord(word: string, folded: string): string | undefined {
  if (/^\p{Lu}/u.test(word) || /\d/.test(folded) || frenchLexicon().has(folded)) return undefined;
  const bridge = bridgeData();
  englishTypos ??= new TypoIndex([...bridge.words.keys()].filter((k) => !k.includes(" ") && bridge.words.get(k) !== ""));
  const corrected = englishTypos.correct(folded);
  return corrected === undefined ? undefined : bridge.words.get(corrected);
}

/** Question words that, after the question has begun, join two clauses ("who welcomed them when they landed"). */
const CONJUNCTIONS = new Set(["when", "where", "while", "as"]);
const QUESTION_WORDS = new Set(["who", "what", "when", "where", "why", "how", "which", "whom", "whose"]);

/**
 * The question read in French: the longest known phrase at each point, words the bridge lacks (names, numbers)
 * unchanged, and so are the names the sources write (`isSourceName`, folded): "Sahel Air Express's first flight"
 * keeps "Express", a word of the airline's name, not the verb "exprimer".
 */
export function toFrench(text: string, isSourceName: (foldedWord: string) => boolean = () => false): string {
  const bridge = bridgeData();
  const fold = (w: string) => foldText(w).replace(/’/g, "'");
  // A hyphenated word the bridge lacks is read as its parts ("French-Russian", "fish-farming" → "fish farming").
  const words = [...text.matchAll(WORD)].flatMap(([w]) => (w.includes("-") && !bridge.words.has(fold(w)) && !isSourceName(fold(w)) ? w.split("-") : [w]));
  const folded = words.map(fold);
  const out: string[] = [];
  let asked = false;
  for (let i = 0; i < words.length; ) {
    const word = folded[i] as string;
    if (asked && i >= 2 && CONJUNCTIONS.has(word)) {
      i++;
      continue;
    }
    if (QUESTION_WORDS.has(word)) asked = true;
    if (/^\p{Lu}/u.test(words[i] as string) && isSourceName(word.replace(/'s$/, ""))) {
      out.push((words[i] as string).replace(/['’]s$/, ""));
      i++;
      continue;
    }
    let matched = false;
    for (let n = Math.min(bridge.longestPhrase, words.length - i); n >= 2; n--) {
      const french = bridge.words.get(folded.slice(i, i + n).join(" "));
      if (french !== undefined) {
        if (french) out.push(french);
        i += n;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    const french = bridgeWord(folded[i] as string) ?? correctedBridgeWord(words[i] as string, folded[i] as string);
    if (french === undefined) out.push(words[i] as string);
    else if (french) out.push(french);
    i++;
  }
  // "Are the consultations free?", "Did Russia pay for it?": a yes/no question, which French asks with "est-ce que"
  // (not "Is there a date?" read as a question word, nor a question that goes on to ask "who", "when"…).
  const opener = folded.find((w) => !FILLERS.has(w));
  const yesNo = opener !== undefined && englishYesNoOpeners().has(opener) && !folded.some((w) => QUESTION_WORDS.has(w));
  return `${yesNo ? "est-ce que " : ""}${out.join(" ")}${/\?\s*$/.test(text) ? " ?" : ""}`;
}

/** Words a question may open with before its auxiliary ("so are they…", "and did…"). */
const FILLERS = new Set(["so", "and", "but", "ok", "okay", "well", "hey", "hi", "hello"]);
