import { describe, expect, it } from "vitest";
import { allowedEdits, damerauLevenshtein, TypoIndex } from "../../../src/engine/search/typo-index.ts";

describe("allowedEdits", () => {
  it("allows no edit under 5 letters, 1 up to 7, 2 beyond", () => {
    expect([0, 1, 2, 3, 4].map(allowedEdits)).toEqual([0, 0, 0, 0, 0]);
    expect([5, 6, 7].map(allowedEdits)).toEqual([1, 1, 1]);
    expect([8, 10, 20].map(allowedEdits)).toEqual([2, 2, 2]);
  });

  it("allows none beyond the longest real word (a pasted blob would take seconds to vary)", () => {
    expect([30, 31, 1000].map(allowedEdits)).toEqual([2, 0, 0]);
  });
});

describe("TypoIndex", () => {
  const index = new TypoIndex(["delegation", "energie", "tsivilev", "conduite", "rosatom", "prix", "tout", "bamako", "soutien"]);

  it("returns a known word itself", () => {
    expect(index.correct("delegation")).toBe("delegation");
    expect(index.correct("prix")).toBe("prix");
    expect(index.has("energie")).toBe(true);
    expect(index.size).toBe(9);
  });

  it("corrects within the allowed edits", () => {
    expect(index.correct("delegasion")).toBe("delegation"); // substitution
    expect(index.correct("delegaton")).toBe("delegation"); // deletion
    expect(index.correct("deleggation")).toBe("delegation"); // insertion
    expect(index.correct("delegasiom")).toBe("delegation"); // two edits on a long word
    expect(index.correct("energi")).toBe("energie");
    expect(index.correct("rosatome")).toBe("rosatom");
    expect(index.correct("bamakko")).toBe("bamako");
  });

  it("corrects a transposition as one edit", () => {
    expect(index.correct("enregie")).toBe("energie"); // 7 letters: one edit allowed, "er" ↔ "re"
    expect(index.correct("tsivliev")).toBe("tsivilev");
  });

  it("refuses corrections beyond the allowed edits", () => {
    expect(index.correct("delegasiomm")).toBeUndefined(); // 3 edits
    expect(index.correct("enrgei")).toBeUndefined(); // 6 letters, 2 edits
    expect(index.correct("bamkao")).toBe("bamako"); // transposition: 1
    expect(index.correct("bmkao")).toBeUndefined(); // 5 letters, 2 edits
  });

  it("never corrects words under 5 letters", () => {
    expect(index.correct("pris")).toBeUndefined();
    expect(index.correct("cout")).toBeUndefined();
    expect(index.correct("tou")).toBeUndefined();
  });

  it("never corrects towards a word under 5 letters", () => {
    // "prixx" is 1 edit from "prix", but "prix" is too short to be a typo target.
    expect(index.correct("prixx")).toBeUndefined();
    expect(index.correct("toutt")).toBeUndefined();
  });

  it("requires the first letter to match", () => {
    expect(index.correct("telegation")).toBeUndefined();
    expect(index.correct("poutien")).toBeUndefined(); // one edit from "soutien", but another word
    expect(index.correct("soutein")).toBe("soutien");
  });

  it("breaks ties by frequency, whatever the insertion order", () => {
    const rareFirst = new TypoIndex(["vendre", "vendue", "vendue", "vendue"]);
    expect(rareFirst.correct("vendte")).toBe("vendue");
    const frequentFirst = new TypoIndex(["vendre", "vendre", "vendre", "vendue"]);
    expect(frequentFirst.correct("vendte")).toBe("vendre");
  });

  it("prefers a smaller distance over a higher frequency", () => {
    const words = ["delegations", "delegations", "delegations", "delegation"];
    expect(new TypoIndex(words).correct("delegatio")).toBe("delegation");
  });

  it("returns the same answer when asked again (cache)", () => {
    const fresh = new TypoIndex(["delegation"]);
    expect(fresh.correct("delegasion")).toBe("delegation");
    expect(fresh.correct("delegasion")).toBe("delegation");
    expect(fresh.correct("zzzzzzzz")).toBeUndefined();
    expect(fresh.correct("zzzzzzzz")).toBeUndefined();
  });

  it("works on an empty index", () => {
    expect(new TypoIndex([]).correct("delegation")).toBeUndefined();
  });
});

describe("damerauLevenshtein", () => {
  it("counts substitutions, insertions and deletions", () => {
    expect(damerauLevenshtein("kitten", "sitting", 5)).toBe(3);
    expect(damerauLevenshtein("delegation", "delegation", 2)).toBe(0);
    expect(damerauLevenshtein("", "abc", 3)).toBe(3);
  });

  // Regression test (was a bug, harmless inside TypoIndex): with an empty second string the
  // row loop never runs, its minimum stays Infinity, and the function "gives up" although 3 <= limit.
  it("measures the distance to an empty string within the limit", () => {
    expect(damerauLevenshtein("abc", "", 3)).toBe(3);
  });

  it("counts an adjacent transposition as one edit", () => {
    expect(damerauLevenshtein("ab", "ba", 2)).toBe(1);
    expect(damerauLevenshtein("abcd", "acbd", 2)).toBe(1);
    expect(damerauLevenshtein("enregie", "energie", 2)).toBe(1);
    expect(damerauLevenshtein("abcdef", "badcfe", 5)).toBe(3);
  });

  it("is symmetric", () => {
    for (const [a, b] of [["delegasion", "delegation"], ["enregie", "energie"], ["ab", "abc"]] as const) {
      expect(damerauLevenshtein(a, b, 5)).toBe(damerauLevenshtein(b, a, 5));
    }
  });

  it("gives up with limit + 1 once the distance exceeds the limit", () => {
    expect(damerauLevenshtein("kitten", "sitting", 1)).toBe(2);
    expect(damerauLevenshtein("abc", "abcdef", 1)).toBe(2);
    expect(damerauLevenshtein("abcdef", "uvwxyz", 2)).toBe(3);
  });
});

describe("a mistyped first letter", () => {
  const index = new TypoIndex(["uranium", "rosatom", "gagner", "soutien"]);
  it("is corrected when a letter was added or left out in front of a long word", () => {
    expect(index.correct("ouranium")).toBe("uranium");
    expect(index.correct("osatom")).toBe("rosatom");
  });
  it("is not corrected when the first letter is another one (a name, another word)", () => {
    expect(index.correct("wagner")).toBeUndefined();
    expect(index.correct("poutien")).toBeUndefined();
  });
});

