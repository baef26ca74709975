import type { Source } from "./types.ts";

/** How a curated quote skips words: "[…]" between two verbatim parts of one paragraph. */
export const ELISION = "[…]";

/**
 * Finds the paragraph that holds every part of the quote verbatim and in
 * order. Returns its number, or a reason the quote is not verbatim.
 */
export function locateQuote(source: Source, quote: string): { paragraph: number } | { problem: string } {
  const parts = quote.split(ELISION).map((p) => p.trim());
  if (parts.some((p) => p.length === 0)) {
    return { problem: `"${ELISION}" must stand between two non-empty verbatim parts` };
  }
  for (const paragraph of source.paragraphs) {
    let from = 0;
    let ok = true;
    for (const part of parts) {
      const at = paragraph.text.indexOf(part, from);
      if (at < 0) {
        ok = false;
        break;
      }
      from = at + part.length;
    }
    if (!ok) continue;
    if (paragraph.isBoilerplate) {
      return { problem: `it quotes boilerplate (§${paragraph.number}), which is never cited` };
    }
    return { paragraph: paragraph.number };
  }
  const missing = parts.find((p) => !source.paragraphs.some((para) => para.text.includes(p)));
  return {
    problem: missing
      ? `"${missing}" is not verbatim in ${source.file}: copy it character for character (the article uses the curly apostrophe ’)`
      : `its parts are each in ${source.file} but not in order within one paragraph`,
  };
}

/** True when every part of the quote is verbatim, in order, in one paragraph of the source. */
export function isVerbatimQuote(source: Source, quote: string): boolean {
  return "paragraph" in locateQuote(source, quote);
}
