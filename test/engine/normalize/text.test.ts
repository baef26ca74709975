import { describe, expect, it } from "vitest";
import { countNonLatinLetters, foldText, hasLatinContent, splitWords, stripControlCharacters } from "../../../src/engine/normalize/text.ts";

describe("foldText", () => {
  it("lowercases and strips accents", () => {
    expect(foldText("Délégation À BAMAKO, Général Boï Diané")).toBe("delegation a bamako, general boi diane");
    expect(foldText("Énergie ÉNERGÉTIQUE où ça çà")).toBe("energie energetique ou ca ca");
  });

  it("folds decomposed (NFD) input like precomposed input", () => {
    expect(foldText("de\u0301le\u0301gation")).toBe(foldText("délégation"));
    expect(foldText("de\u0301le\u0301gation")).toBe("delegation");
  });

  it("unifies curly and other apostrophes to the straight one", () => {
    expect(foldText("l’énergie")).toBe("l'energie");
    expect(foldText("l‘énergie")).toBe("l'energie");
    expect(foldText("lʼénergie")).toBe("l'energie");
    expect(foldText("l`énergie")).toBe("l'energie");
    expect(foldText("l＇énergie")).toBe("l'energie");
  });

  it("splits every apostrophe look-alike into the same words", () => {
    // NFKC turns the acute accent ´ into a space + combining accent before apostrophes are unified: same words either way.
    for (const apostrophe of ["'", "’", "‘", "ʼ", "´", "`", "＇", "′"]) {
      expect(splitWords(foldText(`l${apostrophe}énergie`)), apostrophe).toEqual(["l", "energie"]);
    }
  });

  it("expands ligatures (œ, æ) and compatibility forms", () => {
    expect(foldText("mise en œuvre")).toBe("mise en oeuvre");
    expect(foldText("ŒUVRE cœur")).toBe("oeuvre coeur");
    expect(foldText("curriculum vitæ")).toBe("curriculum vitae");
    expect(foldText("ﬁn")).toBe("fin");
    expect(foldText("ＡＥＳ")).toBe("aes");
  });

  it("is idempotent", () => {
    const once = foldText("L’Alliance des États du Sahel (AES) — mise en œuvre");
    expect(foldText(once)).toBe(once);
  });
});

describe("splitWords", () => {
  it("splits elisions at the apostrophe", () => {
    expect(splitWords(foldText("l’énergie d’état-major"))).toEqual(["l", "energie", "d", "etat", "major"]);
    expect(splitWords("c'est qu'il")).toEqual(["c", "est", "qu", "il"]);
  });

  it("splits hyphenated compounds", () => {
    expect(splitWords(foldText("russo-malienne"))).toEqual(["russo", "malienne"]);
    expect(splitWords(foldText("Yunus-Bek co-président"))).toEqual(["yunus", "bek", "co", "president"]);
  });

  it("drops punctuation and keeps numbers", () => {
    expect(splitWords(foldText("« 60 personnes », le 28/07/2025 !?"))).toEqual(["60", "personnes", "le", "28", "07", "2025"]);
  });

  it("returns no words for punctuation or emoji only", () => {
    expect(splitWords("")).toEqual([]);
    expect(splitWords("?!… — «»")).toEqual([]);
    expect(splitWords("😀 🇲🇱 👍🏾")).toEqual([]);
  });
});

describe("stripControlCharacters", () => {
  it("removes C0 control characters", () => {
    expect(stripControlCharacters("Qui\u0000 a\u0007 conduit\u001b ?")).toBe("Qui a conduit ?");
    expect(stripControlCharacters("\u0000\u0001\u0002")).toBe("");
  });

  it("turns tabs and newlines into single spaces", () => {
    expect(stripControlCharacters("Qui\ta\r\nconduit\n\n\nla délégation")).toBe("Qui a conduit la délégation");
  });

  it("removes invisible format, private-use and lone surrogate characters", () => {
    expect(stripControlCharacters("dé\u200Blé\u200Dgation")).toBe("délégation");
    expect(stripControlCharacters("\u202Eabc\uFEFF")).toBe("abc");
    expect(stripControlCharacters("a\uE000b")).toBe("ab");
    expect(stripControlCharacters("a\uD800b")).toBe("ab");
  });

  it("leaves ordinary text, accents and emoji alone", () => {
    const text = "Qui a conduit la délégation ? 👍 « ok »";
    expect(stripControlCharacters(text)).toBe(text);
  });
});

describe("script detection", () => {
  it("hasLatinContent: Latin letters or digits", () => {
    expect(hasLatinContent("Qui a conduit la délégation ?")).toBe(true);
    expect(hasLatinContent("é")).toBe(true);
    expect(hasLatinContent("2025")).toBe(true);
    expect(hasLatinContent("Кто возглавлял делегацию?")).toBe(false);
    expect(hasLatinContent("من قاد الوفد؟")).toBe(false);
    expect(hasLatinContent("誰が代表団を率いたのか")).toBe(false);
    expect(hasLatinContent("😀👍")).toBe(false);
    expect(hasLatinContent("?!")).toBe(false);
    expect(hasLatinContent("")).toBe(false);
  });

  it("countNonLatinLetters counts letters of other scripts only", () => {
    expect(countNonLatinLetters("Кто")).toBe(3);
    expect(countNonLatinLetters("من قاد")).toBe(5);
    expect(countNonLatinLetters("Кто qui")).toBe(3);
    expect(countNonLatinLetters("délégation")).toBe(0);
    expect(countNonLatinLetters("😀 ?! 123")).toBe(0);
  });
});
