import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { createEngine, type Engine } from "../engine/engine.ts";
import { loadKnowledge } from "../engine/knowledge/load.ts";
import { articleCategories, updateCategories, type Categorizer } from "./evaluate.ts";

/** The fictional updates the update sets are about: test fixtures, loaded beside the knowledge, never part of it. */
export const FIXTURE_UPDATES_DIR = "test/fixtures/updates";
/**
 * Three more fictional updates, written after this engine's tuning by one helper, with questions written by
 * another who read only them (test/eval/updates/fresh.yaml): loaded only for that set, a first run on new text.
 */
export const FRESH_UPDATES_DIR = "test/fixtures/updates-fresh";
/** A second such set, written after the tuning of 2 December 2026 (test/eval/updates/fresh2.yaml). */
export const FRESH2_UPDATES_DIR = "test/fixtures/updates-fresh2";
/** A third, written at the start of the second session of 2 December 2026 (test/eval/updates/fresh3.yaml). */
export const FRESH3_UPDATES_DIR = "test/fixtures/updates-fresh3";
/** A fourth, written at the start of the fourth session of 2 December 2026 (test/eval/updates/fresh4.yaml). */
export const FRESH4_UPDATES_DIR = "test/fixtures/updates-fresh4";
/** A fifth, written at the end of the fifth session of 2 December 2026 (test/eval/updates/fresh5.yaml). */
export const FRESH5_UPDATES_DIR = "test/fixtures/updates-fresh5";
/** A sixth, written in the sixth session of 2 December 2026 and first run at the end of the seventh (fresh6.yaml; dialogues/updates-fresh6.yaml). */
export const FRESH6_UPDATES_DIR = "test/fixtures/updates-fresh6";
/** The held-out briefs up to the sixth set, as the sixth fresh set and its dialogues run (24 briefs). */
export const FRESH_DIRS_TO_6 = [FIXTURE_UPDATES_DIR, FRESH_UPDATES_DIR, FRESH2_UPDATES_DIR, FRESH3_UPDATES_DIR, FRESH4_UPDATES_DIR, FRESH5_UPDATES_DIR, FRESH6_UPDATES_DIR];
/** A seventh, written at the start of the 3 December second session and first run at its end (fresh7.yaml; dialogues/updates-fresh7.yaml). */
export const FRESH7_UPDATES_DIR = "test/fixtures/updates-fresh7";
/** Every held-out brief at once, as the seventh fresh set and its dialogues run (27 briefs). */
export const ALL_FRESH_DIRS = [...FRESH_DIRS_TO_6, FRESH7_UPDATES_DIR];
/**
 * Four fictional updates written by a helper, with questions by another who read only them (test/eval/updates/
 * tuning2.yaml): a tuning set on text nobody here wrote, whose misses are listed.
 */
export const TUNING2_UPDATES_DIR = "test/fixtures/updates-tuning2";
/** Four more, written the same way at the start of the fourth session of 2 December 2026 (tuning3.yaml): tuned on. */
export const TUNING3_UPDATES_DIR = "test/fixtures/updates-tuning3";
/** Three more, written the same way at the start of the sixth session of 2 December 2026 (tuning4.yaml): tuned on. */
export const TUNING4_UPDATES_DIR = "test/fixtures/updates-tuning4";
/** Every tuning brief at once. */
export const ALL_TUNING_DIRS = [FIXTURE_UPDATES_DIR, TUNING2_UPDATES_DIR, TUNING3_UPDATES_DIR, TUNING4_UPDATES_DIR];
/** The updates the tuning set is about; the held-out set is also about the others, which nobody tuned on. */
export const TUNED_UPDATES = new Set(["engrais-livraison-2025-08-22", "commission-session-2025-09-19", "memorandum-centrale-solaire-2025-10-16", "bourses-russes-2025-11-11"]);

export interface Suite {
  name: string;
  file: string;
  /** Written before any tuning and never tuned on: its misses are never listed. */
  heldout: boolean;
  /** Answered from the knowledge plus these folders of fictional updates (none: the knowledge alone). */
  updateDirs: readonly string[];
  categories: Categorizer;
}

function untunedFixtures(root: string): Set<string> {
  const ids = readdirSync(resolve(root, FIXTURE_UPDATES_DIR))
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .map((f) => f.replace(/\.md$/, ""));
  return new Set(ids.filter((id) => !TUNED_UPDATES.has(id)));
}

export function suites(root = "."): Suite[] {
  const updates = updateCategories(untunedFixtures(root));
  return [
    { name: "article tuning", file: "test/eval/tuning.yaml", heldout: false, updateDirs: [], categories: articleCategories },
    { name: "article held-out", file: "test/eval/heldout.yaml", heldout: true, updateDirs: [], categories: articleCategories },
    { name: "updates tuning", file: "test/eval/updates/tuning.yaml", heldout: false, updateDirs: [FIXTURE_UPDATES_DIR], categories: updates },
    { name: "updates tuning2", file: "test/eval/updates/tuning2.yaml", heldout: false, updateDirs: ALL_TUNING_DIRS, categories: updateCategories() },
    { name: "updates tuning3", file: "test/eval/updates/tuning3.yaml", heldout: false, updateDirs: ALL_TUNING_DIRS, categories: updateCategories() },
    { name: "updates tuning4", file: "test/eval/updates/tuning4.yaml", heldout: false, updateDirs: ALL_TUNING_DIRS, categories: updateCategories() },
    { name: "updates dev tuning", file: "test/eval/updates/dev.yaml", heldout: false, updateDirs: [FIXTURE_UPDATES_DIR], categories: updates },
    { name: "updates held-out", file: "test/eval/updates/heldout.yaml", heldout: true, updateDirs: [FIXTURE_UPDATES_DIR], categories: updates },
    { name: "updates fresh held-out", file: "test/eval/updates/fresh.yaml", heldout: true, updateDirs: [FIXTURE_UPDATES_DIR, FRESH_UPDATES_DIR], categories: updateCategories() },
    { name: "updates fresh2 held-out", file: "test/eval/updates/fresh2.yaml", heldout: true, updateDirs: [FIXTURE_UPDATES_DIR, FRESH_UPDATES_DIR, FRESH2_UPDATES_DIR], categories: updateCategories() },
    { name: "updates fresh3 held-out", file: "test/eval/updates/fresh3.yaml", heldout: true, updateDirs: [FIXTURE_UPDATES_DIR, FRESH_UPDATES_DIR, FRESH2_UPDATES_DIR, FRESH3_UPDATES_DIR], categories: updateCategories() },
    {
      name: "updates fresh4 held-out",
      file: "test/eval/updates/fresh4.yaml",
      heldout: true,
      updateDirs: [FIXTURE_UPDATES_DIR, FRESH_UPDATES_DIR, FRESH2_UPDATES_DIR, FRESH3_UPDATES_DIR, FRESH4_UPDATES_DIR],
      categories: updateCategories(),
    },
    {
      name: "updates fresh5 held-out",
      file: "test/eval/updates/fresh5.yaml",
      heldout: true,
      updateDirs: [FIXTURE_UPDATES_DIR, FRESH_UPDATES_DIR, FRESH2_UPDATES_DIR, FRESH3_UPDATES_DIR, FRESH4_UPDATES_DIR, FRESH5_UPDATES_DIR],
      categories: updateCategories(),
    },
    { name: "updates fresh6 held-out", file: "test/eval/updates/fresh6.yaml", heldout: true, updateDirs: FRESH_DIRS_TO_6, categories: updateCategories() },
    { name: "updates fresh7 held-out", file: "test/eval/updates/fresh7.yaml", heldout: true, updateDirs: ALL_FRESH_DIRS, categories: updateCategories() },
  ].map((s) => ({ ...s, file: resolve(root, s.file) }));
}

export interface DialogueSuite {
  name: string;
  file: string;
  heldout: boolean;
  updateDirs: readonly string[];
}

/**
 * The dialogue sets: on the article (written from it alone), and on fictional updates, each written by a helper
 * who read only those updates (tuning2's and tuning4's for tuning, fresh3's, fresh6's and fresh7's held out).
 */
export function dialogueSuites(root = "."): DialogueSuite[] {
  return [
    { name: "dialogues tuning", file: "test/eval/dialogues/tuning.yaml", heldout: false, updateDirs: [] },
    { name: "dialogues held-out", file: "test/eval/dialogues/heldout.yaml", heldout: true, updateDirs: [] },
    // (With every tuning brief loaded, as the held-out dialogues are with theirs: more briefs, more sentences that
    // share a follow-up's few words, as in production after months of updates.)
    { name: "dialogues updates tuning", file: "test/eval/dialogues/updates-tuning.yaml", heldout: false, updateDirs: ALL_TUNING_DIRS },
    { name: "dialogues updates tuning4", file: "test/eval/dialogues/updates-tuning4.yaml", heldout: false, updateDirs: ALL_TUNING_DIRS },
    {
      name: "dialogues updates held-out",
      file: "test/eval/dialogues/updates-heldout.yaml",
      heldout: true,
      updateDirs: [FIXTURE_UPDATES_DIR, FRESH_UPDATES_DIR, FRESH2_UPDATES_DIR, FRESH3_UPDATES_DIR],
    },
    { name: "dialogues updates fresh6 held-out", file: "test/eval/dialogues/updates-fresh6.yaml", heldout: true, updateDirs: FRESH_DIRS_TO_6 },
    { name: "dialogues updates fresh7 held-out", file: "test/eval/dialogues/updates-fresh7.yaml", heldout: true, updateDirs: ALL_FRESH_DIRS },
  ].map((s) => ({ ...s, file: resolve(root, s.file) }));
}

/** The engine as the bot builds it, on the knowledge alone or with fictional updates (`true`: the first six). */
export function evalEngine(withUpdates: boolean | readonly string[], root = "."): Engine {
  const dirs = withUpdates === true ? [FIXTURE_UPDATES_DIR] : withUpdates === false ? [] : withUpdates;
  const knowledge = loadKnowledge(resolve(root, "knowledge"), dirs.length > 0 ? { extraUpdateDirs: dirs.map((d) => resolve(root, d)) } : {});
  return createEngine(knowledge);
}
