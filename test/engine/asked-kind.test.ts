import { describe, expect, it } from "vitest";
import { askedKind, statesKind, type KindMarkers } from "../../src/engine/asked-kind.ts";

const MARKERS: KindMarkers = { date: { intent: "?quand", term: "date" }, number: { intent: "?combien", term: "comb" } };

describe("askedKind", () => {
  it("reads a date question from its intent or from the date term (\"quel jour\")", () => {
    expect(askedKind(["tsivilev"], new Set(["?quand"]), MARKERS)).toBe("date");
    expect(askedKind(["accord", "date"], new Set(), MARKERS)).toBe("date");
  });

  it("reads a number question", () => {
    expect(askedKind(["comb", "deleg"], new Set(["?combien"]), MARKERS)).toBe("number");
  });

  it("finds no kind in other questions", () => {
    expect(askedKind(["deleg", "condui"], new Set(["?qui"]), MARKERS)).toBeUndefined();
  });
});

describe("statesKind", () => {
  it("sees dates: a year, a month, a weekday", () => {
    expect(statesKind("date", "est arrivée ce lundi 28 juillet 2025 à Bamako")).toBe(true);
    expect(statesKind("date", "lors de précédentes visites russes en 2024")).toBe(true);
    expect(statesKind("date", "À l’image du mémorandum signé avec le Niger")).toBe(false);
  });

  it("sees numbers in digits or words", () => {
    expect(statesKind("number", "Une délégation de 60 personnes")).toBe(true);
    expect(statesKind("number", "les deux parties ont discuté")).toBe(true);
    expect(statesKind("number", "La Russie continue d’étendre son soutien militaire")).toBe(false);
  });

  it("does not take a year, a day of the month or a list number for a count", () => {
    expect(statesKind("number", "2. le Soutien au développement d’infrastructures")).toBe(false);
    expect(statesKind("number", "lors de précédentes visites russes en 2024")).toBe(false);
    expect(statesKind("number", "est arrivée ce lundi 28 juillet 2025 à Bamako")).toBe(false);
  });
});
