import { describe, expect, it } from "vitest";
import { ClippedWords } from "../../../src/engine/search/clipped-words.ts";

const TERMS = new Map([
  ["cartographie", "cartograph"],
  ["cartographiee", "cartograph"],
  ["gouvernement", "gouvern"],
  ["gouverneur", "gouverneur"],
  ["administration", "administr"],
]);
const clipped = new ClippedWords(TERMS.keys(), (w) => TERMS.get(w));

describe("ClippedWords", () => {
  it("reads a clipping as the knowledge word it begins, when every word it begins means the same", () => {
    expect(clipped.expand("carto")).toBe("cartographie");
    expect(clipped.expand("admin")).toBe("administration");
  });

  it("does not guess between words of different meanings, nor from three letters, nor one letter short", () => {
    // "gouv" begins "gouvernement" and "gouverneur": two terms.
    expect(clipped.expand("gouv")).toBeUndefined();
    expect(clipped.expand("car")).toBeUndefined();
    // A word of the knowledge itself, or one letter short of it, is left to the typo index.
    expect(clipped.expand("cartographi")).toBe("cartographiee");
    expect(clipped.expand("gouverneu")).toBeUndefined();
    expect(clipped.expand("tramway")).toBeUndefined();
  });
});
