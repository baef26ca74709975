import { createEngine, type Engine } from "./engine.ts";
import { KnowledgeError } from "./knowledge/errors.ts";
import { loadKnowledge } from "./knowledge/load.ts";
import type { Knowledge } from "./knowledge/types.ts";

export type ReloadResult =
  | { ok: true; stats: ReturnType<Engine["stats"]>; changed: boolean }
  /** The knowledge on disk is invalid: the message names the file and field; the engine in use is unchanged. */
  | { ok: false; error: string };

/**
 * An engine whose knowledge can be replaced while the bot runs: a new or
 * edited update becomes answerable without a restart. The new engine is
 * built aside from the files and swapped in at once (every question is
 * answered by one engine or the other, never half of each); invalid files
 * leave the engine in use answering.
 */
export class LiveEngine implements Engine {
  private engine: Engine;
  private signature: string;

  constructor(
    private readonly dir: string,
    private readonly build: (dir: string) => Knowledge = (d) => loadKnowledge(d),
  ) {
    const knowledge = this.build(dir);
    this.engine = createEngine(knowledge);
    this.signature = signatureOf(knowledge);
  }

  /** Builds the engine again from the files; swaps it in if they are valid. */
  reload(): ReloadResult {
    let knowledge: Knowledge;
    try {
      knowledge = this.build(this.dir);
    } catch (error) {
      if (error instanceof KnowledgeError) return { ok: false, error: error.message };
      return { ok: false, error: `knowledge not reloaded: ${(error as Error).message}` };
    }
    const signature = signatureOf(knowledge);
    const changed = signature !== this.signature;
    if (changed) {
      this.engine = createEngine(knowledge);
      this.signature = signature;
    }
    return { ok: true, stats: this.engine.stats(), changed };
  }

  get knowledge(): Knowledge {
    return this.engine.knowledge;
  }
  ask: Engine["ask"] = (question, options) => this.engine.ask(question, options);
  sourceById: Engine["sourceById"] = (id) => this.engine.sourceById(id);
  faqById: Engine["faqById"] = (id) => this.engine.faqById(id);
  answerEntry: Engine["answerEntry"] = (id) => this.engine.answerEntry(id);
  faqIdOfSuggestion: Engine["faqIdOfSuggestion"] = (question) => this.engine.faqIdOfSuggestion(question);
  exampleQuestions: Engine["exampleQuestions"] = (count) => this.engine.exampleQuestions(count);
  relatedQuestions: Engine["relatedQuestions"] = (question, exceptId) => this.engine.relatedQuestions(question, exceptId);
  normalizedTerms: Engine["normalizedTerms"] = (question) => this.engine.normalizedTerms(question);
  nearestEntry: Engine["nearestEntry"] = (question) => this.engine.nearestEntry(question);
  lexiconConflicts: Engine["lexiconConflicts"] = () => this.engine.lexiconConflicts();
  stats: Engine["stats"] = () => this.engine.stats();
}

/** What tells two loads apart: every source's text and metadata, the FAQ and the lexicon. */
function signatureOf(k: Knowledge): string {
  return JSON.stringify([k.sources, k.faq, k.topics, k.lexicon]);
}
