import { describe, expect, it } from "vitest";
import { frenchLexicon } from "../../../src/engine/normalize/french-lexicon.ts";

const lexicon = frenchLexicon();

describe("the French lexicon (Lefff)", () => {
  it("reads a form as its lemma, a noun first", () => {
    expect(lexicon.base("visait")).toBe("viser");
    expect(lexicon.base("dessert")).toBe("dessert");
  });

  it("knows the verb a form is also a form of, when it reads as another word first", () => {
    // "Il dessert Gao": the noun comes first, the verb is there too.
    expect(lexicon.verbBase("dessert")).toBe("desservir");
    // "payé" folds to "paye", a noun of its own.
    expect(lexicon.verbBase("paye")).toBe("payer");
    // A form that reads as a verb already has no other verb to give.
    expect(lexicon.verbBase("visait")).toBeUndefined();
    expect(lexicon.verbBase("uranium")).toBeUndefined();
  });
});
