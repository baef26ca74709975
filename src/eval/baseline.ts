import Fuse from "fuse.js";
import type { Passage } from "../engine/knowledge/types.ts";
import type { Judged } from "./evaluate.ts";

/**
 * The naive baseline every measurement is compared with: plain Fuse.js with
 * its default options over the passages; it answers with the best passage
 * whenever Fuse returns anything.
 */
export function createBaseline(passages: Passage[]): { ask(q: string): Judged & { passage?: Passage } } {
  const fuse = new Fuse(passages, { keys: ["text"] });
  return {
    ask(question: string) {
      const best = fuse.search(question, { limit: 1 })[0];
      return best ? { answered: true, citations: [{ quote: best.item.text }], passage: best.item } : { answered: false, citations: [] };
    },
  };
}
