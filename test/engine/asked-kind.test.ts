import { describe, expect, it } from "vitest";
import { answerType, askedKind, askedKindOf, asksAboutSaying, asksForTheNext, statesCount, statesCountedDuration, statesDateAfter, statesKind, statesKindBesidesSaying, statesMeasure, type KindMarkers } from "../../src/engine/asked-kind.ts";

const MARKERS: KindMarkers = {
  date: { intent: "?quand", term: "date" },
  number: { intent: "?combien", term: "comb" },
  amount: { term: "cout" },
  duration: { term: "durer" },
  place: { intent: "?ou" },
  agent: { intent: "?qui" },
  cause: { intent: "?pourquoi" },
};

describe("askedKind", () => {
  it("reads a date question from its intent or from the date term (\"quel jour\")", () => {
    expect(askedKind("", ["tsivilev"], new Set(["?quand"]), MARKERS)).toBe("date");
    expect(askedKind("", ["accord", "date"], new Set(), MARKERS)).toBe("date");
  });

  it("reads a number question, and an amount or a duration before a plain number", () => {
    expect(askedKind("", ["comb", "deleg"], new Set(["?combien"]), MARKERS)).toBe("number");
    expect(askedKind("", ["comb", "cout"], new Set(["?combien"]), MARKERS)).toBe("amount");
    expect(askedKind("", ["durer", "comb"], new Set(["?combien"]), MARKERS)).toBe("duration");
  });

  it("reads where, who and why", () => {
    expect(askedKind("", ["stock"], new Set(["?ou"]), MARKERS)).toBe("place");
    expect(askedKind("", ["deleg", "condui"], new Set(["?qui"]), MARKERS)).toBe("agent");
    expect(askedKind("", ["visit"], new Set(["?pourquoi"]), MARKERS)).toBe("cause");
  });

  it("reads the kind a \"quel X\" asks for before anything else", () => {
    expect(askedKind("Dans quelle ville les engrais sont-ils stockés ?", ["stock"], new Set(), MARKERS)).toBe("place");
    expect(askedKind("Auprès de quel organisme déposer sa candidature ?", [], new Set(["?qui"]), MARKERS)).toBe("agent");
    expect(askedKind("à quel prix le sac ?", [], new Set(), MARKERS)).toBe("amount");
    expect(askedKind("Quels sont les objectifs ?", ["objectif"], new Set(), MARKERS)).toBeUndefined();
  });

  it("finds no kind in other questions", () => {
    expect(askedKind("", ["deleg", "objectif"], new Set(), MARKERS)).toBeUndefined();
  });
});

describe("a cause", () => {
  it("is told by 'pour' before a verb, 'afin de', 'car', 'en raison de', not by 'pour' before a noun or a figure", () => {
    expect(statesKind("cause", "afin d'actualiser des cartes anciennes")).toBe(true);
    expect(statesKind("cause", "l'ouvrage permettra de réduire de 15 % le recours aux centrales thermiques")).toBe(true);
    expect(statesKind("cause", "des bourses pour étudier en Russie")).toBe(true);
    expect(statesKind("cause", "250 bourses d'études pour l'année universitaire 2026-2027")).toBe(false);
    expect(statesKind("cause", "Les travaux débuteront en mars 2026 pour une durée de 18 mois")).toBe(false);
  });

  it("is strict: 'pourquoi' is not answered by a sentence that tells no cause", () => {
    expect(askedKindOf("Pourquoi a-t-on choisi Fana ?", [], new Set(["?pourquoi"]), { cause: { intent: "?pourquoi" } })).toEqual({ kind: "cause", strict: true });
  });
});

describe("a measure asked", () => {
  it("asks for a number in one of its units, with 'quel' or opening the question", () => {
    for (const q of ["Quelle superficie couvrira la campagne ?", "la longueur de la ligne ?", "superficie cartographiée"]) {
      expect(answerType(q)?.kind, q).toBe("number");
      expect(answerType(q)?.units, q).toBeDefined();
    }
    const area = answerType("Quelle superficie ?")?.units ?? new Set<string>();
    expect(statesMeasure("l’opération couvrira près de 42 000 km² répartis entre trois régions", area)).toBe(true);
    expect(statesMeasure("une centrale solaire de 120 mégawatts à Fana", area)).toBe(false);
    const flow = answerType("quel débit aura chaque forage ?")?.units ?? new Set<string>();
    expect(statesMeasure("un débit minimum de 5 mètres cubes par heure", flow)).toBe(true);
    // The size of a thing is a measure: a count of those things ("200 cages") does not tell it.
    const size = answerType("elle fait quelle taille, une cage ?")?.units ?? new Set<string>();
    expect(statesMeasure("l'installation de 200 cages entre Mopti et Djenné", size)).toBe(false);
    expect(statesMeasure("des cages de 6 mètres de côté", size)).toBe(true);
  });

  it("is no measure further on in the question: 'à hauteur de', 'poids lourds'", () => {
    expect(answerType("la Russie finance à hauteur de combien ?")).toBeUndefined();
    expect(answerType("combien de poids lourds ont transporté l'engrais ?")).toBeUndefined();
  });
});

describe("answerType", () => {
  it("finds the type noun after quel/quelle (plural, with de, without accents)", () => {
    expect(answerType("Dans quelles villes ?")).toEqual({ noun: "villes", kind: "place" });
    expect(answerType("quel organisme gère les bourses")).toMatchObject({ kind: "agent" });
    expect(answerType("Quelle est la durée des travaux ?")).toMatchObject({ kind: "duration" });
    expect(answerType("A quel moment")).toMatchObject({ kind: "date" });
    expect(answerType("quel accord ?")).toBeUndefined();
  });

  it("reads 'quelle' misspelt 'qu'elle' where no pronoun can stand, and only there", () => {
    expect(answerType("Le siège sera installé dans qu'elle ville ?")).toMatchObject({ noun: "ville", kind: "place" });
    expect(answerType("qu'elle est la date de la rentrée ?")).toMatchObject({ kind: "date" });
    expect(answerType("qu'elle est partie quand ?")).toBeUndefined();
    expect(answerType("ce qu'elle a dit sur le lycée")).toBeUndefined();
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

  it("sees amounts of money and shares, not other numbers", () => {
    expect(statesKind("amount", "cédés aux producteurs à 12 500 FCFA le sac")).toBe(true);
    expect(statesKind("amount", "coûtera 98 milliards de FCFA, financés à 70 % par un crédit")).toBe(true);
    expect(statesKind("amount", "un premier lot de 30 000 tonnes d’engrais")).toBe(false);
  });

  it("sees durations", () => {
    expect(statesKind("duration", "pour une durée de 18 mois")).toBe(true);
    expect(statesKind("duration", "de février à juin 2026, des cours intensifs")).toBe(true);
    expect(statesKind("duration", "Les travaux débuteront en mars 2026")).toBe(false);
    // Every cardinal counts a duration, and so does an approximate one.
    expect(statesKind("duration", "Réalisée en quatorze mois par le bureau d'études")).toBe(true);
    expect(statesKind("duration", "après une quinzaine de jours de festivités")).toBe(true);
    expect(statesKind("duration", "une quinzaine d'artistes")).toBe(false);
  });

  it("sees places and agents in the names a sentence holds", () => {
    expect(statesKind("place", "a été officiellement réceptionné le jeudi 21 août 2025 à Ségou")).toBe(true);
    expect(statesKind("place", "Débarqué au port de Conakry le 9 août")).toBe(true);
    // (A place named after two nouns: "dans les mines d'or de Sadiola".)
    expect(statesKind("place", "six mois de stage dans les mines d'or de Sadiola, Loulo et Morila")).toBe(true);
    expect(statesKind("place", "Les travaux débuteront en mars 2026 pour une durée de 18 mois")).toBe(false);
    // Where they come from answers "d'où" too; a "de" before a name that is no origin does not.
    expect(statesKind("place", "Une trentaine de danseurs venus de Kazan ont animé la soirée")).toBe(true);
    expect(statesKind("place", "le directeur de Sberbank a signé")).toBe(false);
    expect(statesKind("agent", "La cérémonie était présidée par le ministre de l’Économie, Alousseini Sanou")).toBe(true);
    expect(statesKind("agent", "ces intrants couvriront près d’un tiers des besoins")).toBe(false);
  });
});

describe("askedKindOf: precision", () => {
  it("a date asked exactly or precisely wants a day", () => {
    expect(askedKindOf("Quelle est la date exacte de la session ?", [], new Set(), MARKERS)?.kind).toBe("day");
    expect(askedKindOf("c'était quand précisément ?", [], new Set(["?quand"]), MARKERS)?.kind).toBe("day");
    expect(askedKindOf("Quelle est la date de la session ?", [], new Set(), MARKERS)?.kind).toBe("date");
  });
});

describe("askedKindOf: where", () => {
  it("'où' asks for a place strictly, but 'où en est…' asks how far something has got", () => {
    expect(askedKindOf("Où siégera le secrétariat ?", [], new Set(["?ou"]), MARKERS)).toEqual({ kind: "place", strict: true });
    // (No place at all, not even as a preference: the sentence that says how far it has got names none, "achevés à 85 %".)
    expect(askedKindOf("Où en est le projet de chemin de fer ?", [], new Set(["?ou"]), MARKERS)).toBeUndefined();
    expect(askedKindOf("et le chantier du pont, il en est où ?", [], new Set(["?ou"]), MARKERS)).toBeUndefined();
  });

  it("'qui' asks for someone strictly, and 'pourquoi' for a cause", () => {
    expect(askedKindOf("Qui dirige le secrétariat ?", [], new Set(["?qui"]), MARKERS)).toEqual({ kind: "agent", strict: true });
    expect(askedKindOf("Pourquoi la commission a-t-elle été créée ?", ["raison"], new Set(["?pourquoi"]), MARKERS)?.strict).toBe(true);
  });

  it("reads 'près de X', 'autour de X', 'chez X' as places", () => {
    expect(statesKind("place", "Une tranche sera lancée en 2026 près de Diéma.")).toBe(true);
    expect(statesKind("place", "Les puits seront creusés autour de Nioro.")).toBe(true);
    expect(statesKind("place", "L’entretien sera assuré par l’ingénieure Awa Traoré.")).toBe(false);
  });
});

describe("statesKind: number", () => {
  it("does not take the days of a date range for a count ('les 17 et 18 septembre', 'du 3 au 5 mars')", () => {
    expect(statesKind("number", "La session s’est tenue les 17 et 18 septembre 2025 à Bamako.")).toBe(false);
    expect(statesKind("number", "Les cours auront lieu du 3 au 5 mars 2026.")).toBe(false);
    expect(statesKind("number", "Elle a réuni 140 délégués des deux pays.")).toBe(true);
  });

  it("statesCount: money counts no one ('combien de personnes ?' against a budget)", () => {
    expect(statesCount("Le budget, environ 150 millions de FCFA, a été financé par l'État.")).toBe(false);
    expect(statesCount("La manifestation a attiré plus de 12 000 visiteurs.")).toBe(true);
  });
  it("statesCount: neither do time, measures and shares ('deux heures', '40 mégawattheures', '70 %')", () => {
    expect(statesCount("le trajet entre le domicile et le travail dépasse souvent deux heures")).toBe(false);
    expect(statesCount("un stockage de 40 mégawattheures, financé à 70 % par un crédit, pour une durée de 18 mois")).toBe(false);
    expect(statesCount("Les travaux dureront 18 mois et mobiliseront environ 600 ouvriers.")).toBe(true);
    expect(statesCount("quatre mille habitants")).toBe(true);
  });
});

describe("askedKindOf: since when", () => {
  it("'depuis quand' asks when a state began: a date of something else does not say it", () => {
    expect(askedKindOf("Depuis quand Dmitri Orlov dirige-t-il la Maison russe ?", ["date"], new Set(["?quand"]), MARKERS)?.kind).toBe("since");
    expect(statesKind("since", "Il dirige la Maison russe depuis 2019.")).toBe(true);
    expect(statesKind("since", "Les cours auront lieu de février à juin 2026, a précisé son directeur.")).toBe(false);
  });

  it("'à partir de quand', 'dès quand' ask the same", () => {
    expect(askedKindOf("À partir de quand les vols réguliers commencent-ils ?", ["date"], new Set(["?quand"]), MARKERS)?.kind).toBe("since");
    expect(askedKindOf("dès quand ?", ["date"], new Set(["?quand"]), MARKERS)?.kind).toBe("since");
  });
});

describe("statesKind: duration", () => {
  it("reads a range of days as a duration ('les 17 et 18 septembre', 'du 3 au 5 mars')", () => {
    expect(statesKind("duration", "La session s’est tenue les 17 et 18 septembre 2025 à Bamako.")).toBe(true);
    expect(statesKind("duration", "Les cours auront lieu du 3 au 5 mars 2026.")).toBe(true);
    expect(statesKind("duration", "La session s’est tenue le 17 septembre 2025 à Bamako.")).toBe(false);
  });
});

describe("a few keywords", () => {
  it("ask the kind of fact their first noun names ('coût campagne' a cost, 'date début travaux' a date)", () => {
    expect(answerType("coût campagne")).toMatchObject({ kind: "amount", keyword: true });
    expect(answerType("date début travaux")?.kind).toBe("date");
    expect(answerType("durée formation Russie")?.kind).toBe("duration");
  });

  it("but not a sentence, nor a body or a person named first (what the keywords are about)", () => {
    expect(answerType("le coût de la campagne a été payé par la Russie ou pas")).toBeUndefined();
    expect(answerType("entreprise cimenterie")).toBeUndefined();
    expect(answerType("coût")).toBeUndefined();
  });
});

describe("an amount stated", () => {
  it("is money, not a share: 'près de 15 % de leur cheptel' tells no cost", () => {
    expect(statesKind("amount", "L'opération coûte 3,4 milliards de FCFA")).toBe(true);
    expect(statesKind("amount", "le billet étant fixé à 95 000 FCFA")).toBe(true);
    expect(statesKind("amount", "Nos éleveurs perdent chaque année près de 15 % de leur cheptel")).toBe(false);
    expect(statesKind("amount", "financés à 70 % par un crédit")).toBe(false);
  });
});

describe("a duration told as a count of units of time", () => {
  it("is how long something lasts ('réalisée en quatorze mois', 's'étaler sur quatre ans')", () => {
    expect(statesCountedDuration("Réalisée en quatorze mois par le bureau d'études")).toBe(true);
    expect(statesCountedDuration("les travaux devraient s'étaler sur quatre ans")).toBe(true);
  });

  it("is not time elapsed or to come ('attendue depuis plus de dix ans', 'il y a deux ans', 'dans trois mois')", () => {
    expect(statesCountedDuration("une reconnexion attendue par les populations depuis plus de dix ans")).toBe(false);
    expect(statesCountedDuration("signé il y a deux ans")).toBe(false);
    expect(statesCountedDuration("le chantier démarrera dans trois mois")).toBe(false);
  });
});

describe("a date right after a verb of saying", () => {
  it("is the day someone spoke, set aside when the day of an event is asked", () => {
    expect(statesKindBesidesSaying("day", "accueillera ses élèves à la rentrée d'octobre 2029, a annoncé le samedi 5 mai le ministre")).toBe(false);
    expect(statesKindBesidesSaying("day", "la campagne a été lancée le lundi 19 février 2029, a précisé le ministre")).toBe(true);
    expect(asksAboutSaying("quel jour le ministre a annoncé la rentrée ?")).toBe(true);
    expect(asksAboutSaying("quel jour aura lieu la rentrée ?")).toBe(false);
  });
});

describe("a date after a source's own date (what 'la prochaine X' asks)", () => {
  it("is a later year, month or day; a day and month without a year are the source's year", () => {
    expect(statesDateAfter("La deuxième session se tiendra à Moscou au premier semestre 2026.", "2025-09-19")).toBe(true);
    expect(statesDateAfter("Un convoi a quitté Tombouctou le 17 janvier pour une tournée de six semaines.", "2032-01-19")).toBe(false);
    expect(statesDateAfter("Une Semaine culturelle malienne serait organisée à Moscou en octobre 2028.", "2028-03-13")).toBe(true);
    expect(statesDateAfter("Les travaux débuteront le 3 février.", "2027-01-20")).toBe(true);
    expect(asksForTheNext("Quand aura lieu la prochaine tournée ?")).toBe(true);
    expect(asksForTheNext("Quand a eu lieu la tournée ?")).toBe(false);
  });
});
