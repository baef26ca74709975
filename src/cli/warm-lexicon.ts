/**
 * Compiles the French lexicon (Lefff) once into its binary cache (node_modules/.cache/visite-bot), as part of
 * `npm run build`: a production image then starts without the 2-3 s first compile, and needs no writable
 * node_modules at run time.
 */
import { frenchLexicon } from "../engine/normalize/french-lexicon.ts";

const started = performance.now();
frenchLexicon();
console.log(`French lexicon ready (${Math.round(performance.now() - started)} ms)`);
