import { resolve } from "node:path";
import { createEngine, type Engine } from "../engine/engine.ts";
import { loadKnowledge } from "../engine/knowledge/load.ts";

/** The engine on the knowledge in KNOWLEDGE_DIR (default ./knowledge), as the bot loads it. */
export function loadEngineFromEnv(): Engine {
  return createEngine(loadKnowledge(resolve(process.env.KNOWLEDGE_DIR ?? "knowledge")));
}
