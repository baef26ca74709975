import type { Passage, Source } from "./types.ts";

/**
 * Sentence boundaries: end punctuation, then space, then something that
 * starts a sentence (a capital, a digit, an opening quote). Numbered list
 * items ("1. la Création…") stay whole because their paragraph starts them.
 */
const SENTENCE_BREAK = /(?<=[.!?…])\s+(?=[«"“(\p{Lu}\d])/u;

export function splitSentences(paragraph: string): string[] {
  return paragraph
    .split(SENTENCE_BREAK)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The passage index of a source: every sentence of every non-boilerplate paragraph. Derived, never hand-edited. */
export function derivePassages(source: Source): Passage[] {
  const passages: Passage[] = [];
  for (const paragraph of source.paragraphs) {
    if (paragraph.isBoilerplate) continue;
    splitSentences(paragraph.text).forEach((text, k) => {
      passages.push({
        id: `${source.id}#${paragraph.number}.${k + 1}`,
        sourceId: source.id,
        paragraph: paragraph.number,
        sentence: k + 1,
        text,
      });
    });
  }
  return passages;
}
