/**
 * The places the sources name: a capitalised name after a preposition of place ("à Ségou", "au port de Conakry",
 * "entre Bamako et Mopti", "vers Tombouctou et Gao"), folded. Learnt from each source's text, so that a new update's
 * towns are known without curation. "Et à Kati ?" after a question on the bus lines asks the same of Kati.
 */
import { frenchWords } from "./normalize/language-data.ts";
import { foldText } from "./normalize/text.ts";

/** A preposition of place, then the name (and its companions of a list: "Goundam, Niafunké, Diré et Léré"). */
const AFTER_PREPOSITION = /(?<![\p{L}])(?:à|au|aux|en|vers|via|depuis|entre|jusqu[’']?à|(?:port|région|ville|cercle|commune|district|capitale|village|localité|zone|environs|près|autour|proximité) d[eu’'])\s*((?:\p{Lu}[\p{L}’'-]*)(?:(?:\s*,\s*|\s+et\s+|\s+)\p{Lu}[\p{L}’'-]*)*)/gu;
/** Capitalised words that are not places even after "à" or "de" (the start of a body's name, a month). */
const NOT_PLACES = new Set(["le", "la", "les", "l", "un", "une", "etat", ...frenchWords().months]);

/** `isCommonWord`: a word of the language ("centre", "palais": the start of a body's name, "au Centre international…"). */
export function placesNamedIn(texts: Iterable<string>, isCommonWord: (folded: string) => boolean = () => false): Set<string> {
  const places = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(AFTER_PREPOSITION)) {
      for (const name of (match[1] ?? "").split(/\s*,\s*|\s+et\s+/u)) {
        const folded = foldText(name).replace(/[’']/g, " ").trim();
        // (Only a single name: "l'Agence russe de médecine" or "Office malien" are bodies, not places.)
        // (Nor an acronym: "en FCFA", "de NPK".)
        if (folded && !folded.includes(" ") && !NOT_PLACES.has(folded) && name !== name.toUpperCase() && !isCommonWord(folded)) places.add(folded);
      }
    }
  }
  return places;
}
