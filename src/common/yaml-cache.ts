import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { buildCacheFiles, storeInBuildCache } from "./build-cache.ts";
import type { parse } from "yaml";

/**
 * YAML parsed once per content: the knowledge and language files are parsed by the `yaml` package (about a
 * third of a cold start), then kept as JSON keyed by a hash of their text, in the build cache next to the
 * compiled lexicon (node_modules/.cache/visite-bot/yaml, warmed by `npm run build`) or DATA_DIR/cache. Any
 * edited file is simply a new key: parsed, and cached if the place is writable.
 */
const memory = new Map<string, unknown>();
/** The knowledge and language files of one process, with room for edits; a flood of new versions restarts it. */
const MEMORY_ENTRIES = 64;
const require = createRequire(import.meta.url);
/** Loaded only on a cache miss: a warm start does not pay for the YAML parser's modules. */
const parseYaml = (text: string): unknown => (require("yaml") as { parse: typeof parse }).parse(text);


/** Same result as `yaml.parse(text)` (errors included); plain data only (the core schema has no dates). */
export function parseYamlCached(text: string): unknown {
  const key = createHash("sha1").update(text).digest("hex");
  if (memory.has(key)) return structuredClone(memory.get(key));
  for (const file of buildCacheFiles(`yaml/${key}.json`)) {
    if (!existsSync(file)) continue;
    try {
      // (Fresh from JSON.parse, the value is the caller's own: kept in memory it would need a copy for each reader.)
      return JSON.parse(readFileSync(file, "utf8")) as unknown;
    } catch {
      // a damaged cache file: parse again below
    }
  }
  const value = parseYaml(text);
  // Only plain data is cached (YAML's .inf, .nan and the like would not come back the same from JSON): the
  // first load and every later one then see exactly the same value.
  if (!isPlainJson(value)) return value;
  const json = JSON.stringify(value);
  if (memory.size >= MEMORY_ENTRIES) memory.clear();
  memory.set(key, JSON.parse(json) as unknown);
  storeInBuildCache(`yaml/${key}.json`, json);
  return structuredClone(memory.get(key));
}

/** Whether JSON keeps this value exactly: strings, finite numbers, booleans, null, arrays and plain objects of them. */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value as object).every(isPlainJson);
  return false;
}
