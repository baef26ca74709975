import { resolve } from "node:path";
import { loadQuestionSet } from "../../src/eval/question-set.ts";
import { loadKnowledge } from "../../src/engine/knowledge/load.ts";
import type { Knowledge } from "../../src/engine/knowledge/types.ts";

export const ROOT = resolve(import.meta.dirname, "../..");

/** The tuning questions (test/eval/tuning.yaml), every kind: answers, off-topic, small talk, unanswerable. */
export function tuningQuestions(): string[] {
  return loadQuestionSet(resolve(ROOT, "test/eval/tuning.yaml")).map((item) => item.q);
}

export function realKnowledge(): Knowledge {
  return loadKnowledge(resolve(ROOT, "knowledge"));
}
