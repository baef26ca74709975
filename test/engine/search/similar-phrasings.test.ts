import { describe, expect, it } from "vitest";
import { SimilarPhrasings } from "../../../src/engine/search/similar-phrasings.ts";

describe("SimilarPhrasings", () => {
  const index = new SimilarPhrasings([
    { text: "Qui a conduit la délégation ?", owner: "chef" },
    { text: "c ki le chef de la delegation", owner: "chef" },
    { text: "Quelles entreprises russes étaient présentes ?", owner: "entreprises" },
    { text: "Quand la délégation est-elle arrivée ?", owner: "date" },
  ]);

  it("finds the entries whose phrasings look like a mangled question, best first, each once", () => {
    expect(index.search("ki a condui la delegasion", 3)[0]).toBe("chef");
    expect(index.search("entreprizes russe presente", 3)).toEqual(["entreprises"]);
    expect(new Set(index.search("la délégation", 5)).size).toBe(index.search("la délégation", 5).length);
  });

  it("finds nothing for text that looks like no phrasing", () => {
    expect(index.search("zzz yyy", 3)).toEqual([]);
    expect(index.search("", 3)).toEqual([]);
  });
});
