import { describe, expect, it } from "vitest";
import { askedSentence, isChoiceQuestion, mentionsMonth, questionParts } from "../../src/engine/question-shape.ts";

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

describe("questionParts", () => {
  it("splits on question marks and on \"et\" or a comma before a question word", () => {
    expect(questionParts("Qui a écrit cet article et pour quel journal ?")).toEqual(["Qui a écrit cet article", "pour quel journal ?"]);
    expect(questionParts("Qui dirigeait la délégation ? Et quel âge a-t-il ?")).toEqual(["Qui dirigeait la délégation ?", "quel âge a-t-il ?"]);
    expect(questionParts("ils sont venus quand, combien ?")).toEqual(["ils sont venus quand", "combien ?"]);
    expect(questionParts("la coopération économique et commerciale")).toEqual(["la coopération économique et commerciale"]);
    // A relative clause is not a second question.
    expect(questionParts("La délégation, qui comptait 60 personnes, venait d'où ?")).toHaveLength(1);
  });

});

describe("isChoiceQuestion", () => {
  it("recognises \"ou\" between alternatives, not \"où\" typed without its accent", () => {
    expect(isChoiceQuestion("c'est pour faire des bombes ou pour le courant ?")).toBe(true);
    expect(isChoiceQuestion("conduite par un ministre ou par un général")).toBe(true);
    expect(isChoiceQuestion("ou est arrivée la délégation ?")).toBe(false);
    expect(isChoiceQuestion("d'ou venait l'avion")).toBe(false);
    expect(isChoiceQuestion("sberbank était là aussi ou bien")).toBe(false);
    expect(isChoiceQuestion("Où est arrivée la délégation ?")).toBe(false);
  });

});
