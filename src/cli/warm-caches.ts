/**
 * Part of `npm run build`: compiles the French lexicon (Lefff) into its binary cache and parses the language and
 * knowledge files into the YAML cache (node_modules/.cache/visite-bot), so that a production image starts
 * without those first compiles and needs no writable node_modules at run time.
 */
import { resolve } from "node:path";
import { createEngine } from "../engine/engine.ts";
import { loadKnowledge } from "../engine/knowledge/load.ts";
import { frenchLexicon } from "../engine/normalize/french-lexicon.ts";
import { englishBridge } from "../engine/normalize/language-data.ts";

const started = performance.now();
frenchLexicon();
// (Read by the engine on the first message that may be English only: cached here all the same.)
englishBridge();
const engine = createEngine(loadKnowledge(resolve(process.env["KNOWLEDGE_DIR"] ?? "knowledge")));
console.log(`caches ready: French lexicon, language and knowledge files (${engine.stats().faqEntries} FAQ entries), ${Math.round(performance.now() - started)} ms`);
