import { describe, expect, it } from "vitest";
import { SoundAlikeIndex, soundKey } from "../../../src/engine/search/sound-alike.ts";

describe("soundKey", () => {
  it("merges spellings heard the same way", () => {
    expect(soundKey("diannee")).toBe(soundKey("diane"));
    expect(soundKey("boubakar")).toBe(soundKey("boubacar"));
    expect(soundKey("alousseyni")).toBe(soundKey("alousseini"));
    expect(soundKey("diarah")).toBe(soundKey("diarra"));
    expect(soundKey("filippe")).toBe(soundKey("philippe"));
    expect(soundKey("tramwe")).toBe(soundKey("tramway"));
    expect(soundKey("dirijer")).toBe(soundKey("diriger"));
  });

  it("keeps words that sound different apart", () => {
    expect(soundKey("diarra")).not.toBe(soundKey("diane"));
    expect(soundKey("sanou")).not.toBe(soundKey("sonou"));
  });
});

describe("SoundAlikeIndex", () => {
  const index = new SoundAlikeIndex(["diane", "boubacar", "alousseini", "diarra", "tsivilev"]);

  it("finds the known word a misheard spelling stands for", () => {
    expect(index.match("diannee")).toBe("diane");
    expect(index.match("boubakar")).toBe("boubacar");
  });

  it("finds nothing for a word that sounds like no known word", () => {
    expect(index.match("lavrov")).toBeUndefined();
  });

  it("refuses to choose between two known words that sound alike", () => {
    const ambiguous = new SoundAlikeIndex(["cellule", "selule"]);
    expect(ambiguous.match("selulle")).toBeUndefined();
  });

  it("is not made ambiguous by two forms of one word ('centrale', 'centrales'), but is by two words", () => {
    const sameWord = (a: string, b: string) => a.replace(/s$/, "") === b.replace(/s$/, "");
    expect(new SoundAlikeIndex(["centrales", "centrale"], sameWord).match("sentrale")).toBe("centrale");
    expect(new SoundAlikeIndex(["centrale", "sentrale"], sameWord).match("sentralle")).toBeUndefined();
    expect(new SoundAlikeIndex(["centrales", "centrale", "sentrale"], sameWord).match("sentralle")).toBeUndefined();
  });

  it("ignores short words, which sound like too many others", () => {
    expect(new SoundAlikeIndex(["prix"]).match("pris")).toBeUndefined();
  });
});
