import { describe, expect, it } from "vitest";
import { askedSentence, mentionsMonth } from "../../src/engine/question-shape.ts";

describe("askedSentence", () => {
  it("takes the last sentence that asks, after a story", () => {
    expect(askedSentence("Je suis étudiant. Je prépare un exposé. Qui a conduit la délégation ?")).toBe("Qui a conduit la délégation ?");
    expect(askedSentence("Qui est venu ? Je demande pour mon père.")).toBe("Qui est venu ?");
  });

  it("is undefined for a single sentence", () => {
    expect(askedSentence("Qui a conduit la délégation ?")).toBeUndefined();
  });
});

describe("mentionsMonth", () => {
  it("sees a month, accents or not", () => {
    expect(mentionsMonth("arrivée le 27 juillet ?")).toBe(true);
    expect(mentionsMonth("le 15 AOÛT")).toBe(true);
    expect(mentionsMonth("ils étaient 80 ?")).toBe(false);
  });
});
