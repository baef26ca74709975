import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../../src/engine/knowledge/load.ts";
import { Analyzer } from "../../../src/engine/normalize/analyzer.ts";
import { englishBridge, englishMarkers, generalSynonyms } from "../../../src/engine/normalize/language-data.ts";
import { foldText } from "../../../src/engine/normalize/text.ts";

describe("lang/fr/synonyms.yaml (general French)", () => {
  const general = generalSynonyms();
  const analyzer = new Analyzer({ ...loadKnowledge("knowledge").lexicon, general });

  it("has no two groups claiming one word (each form reads as one group)", () => {
    expect(analyzer.generalConflicts).toEqual([]);
  });

  it("lists each form in one group only", () => {
    const seen = new Map<string, number>();
    for (const group of general.synonyms) for (const form of new Set(group.map(foldText))) seen.set(form, (seen.get(form) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1).map(([form]) => form)).toEqual([]);
  });

  it("keeps apart what tells facts apart (a few pairs that must never read alike)", () => {
    const term = (w: string) => analyzer.analyze(w).find((t) => !t.isIntent)?.term;
    for (const [a, b] of [
      ["importer", "exporter"],
      ["commencer", "finir"],
      ["ministre", "ministère"],
      ["acheter", "vendre"],
      ["présent", "actuellement"],
      // A factory is not a power plant; being in charge of something is not a cargo; attending is not helping.
      ["usine", "centrale"],
      ["chargé de vérifier", "chargement"],
      ["assister à la cérémonie", "soutenir"],
      // An airline's pilots are not its leaders (the story lexicon once read "piloter" as "conduire").
      ["pilotes", "chef"],
      // Nor is any bank the one the article names (a later update's "banque" is not Sberbank).
      ["banque", "Sberbank"],
      // A bus or tram stop is a station, not the delegation's stopover.
      ["arrêts", "escale"],
      // "La mise de départ" is money put in, not poverty ("misère" stems as "mis", as "mise" does).
      ["mise", "pauvreté"],
    ] as const) {
      expect(term(a), `${a} / ${b}`).not.toBe(term(b));
    }
  });

  it("reads a phrase the way it is meant ('assistait à' as 'en présence de', 'chargée de' as 'en charge de')", () => {
    const terms = (w: string) => analyzer.analyze(w).map((t) => t.term);
    expect(terms("il assistait à la cérémonie")).toContain(terms("en présence du gouverneur")[0]);
    expect(terms("la ministre chargée de la Culture")).toContain(terms("en charge de la Culture")[0]);
    expect(terms("la ministre chargée de la Culture")).not.toContain(terms("le chargement")[0]);
  });
});

describe("lang/en (the English bridge and its markers)", () => {
  it("load and validate: the bridge is read lazily by the engine, so its errors must be caught here", () => {
    const bridge = englishBridge();
    expect(bridge.words.size).toBeGreaterThan(3000);
    expect(bridge.words.get("how many")).toBe("combien de");
    const markers = englishMarkers();
    expect(markers.has("the")).toBe(true);
    // ("de" is French: it never makes a message English.)
    expect(markers.has("de")).toBe(false);
  });
});
