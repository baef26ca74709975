/**
 * The engine on a new update nobody curated (a fictional brief written for this test, not one of the eval
 * fixtures): the sentence that answers is found even when it does not repeat what the brief is about.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../../src/engine/engine.ts";
import { loadKnowledge } from "../../src/engine/knowledge/load.ts";
import { ALL_TUNING_DIRS, evalEngine, FIXTURE_UPDATES_DIR, TUNING2_UPDATES_DIR, TUNING3_UPDATES_DIR, TUNING4_UPDATES_DIR } from "../../src/eval/suites.ts";

const UPDATE = `---
id: puits-solaires-2025-11-05
date: 2025-11-05
title: Trente-cinq puits à pompe solaire achevés dans le cercle de Nioro
outlet: Rédaction
author: Rédaction
---
La société russe Rusgidro a achevé le mardi 4 novembre 2025 la construction de 35 puits équipés de pompes solaires dans le cercle de Nioro du Sahel. Le chantier a été inauguré par le gouverneur de la région de Kayes, Amadou Keïta.

Chaque ouvrage peut fournir 20 mètres cubes d’eau par jour aux villages voisins. Une deuxième tranche de 40 forages sera lancée en 2026 près de Diéma.

Le chantier a consommé 300 tonnes de ciment, ainsi que du fer venu de Dakar. L’entretien sera assuré côté malien par l’ingénieure Awa Traoré. Les 2 500 habitants de Nioro en profiteront.
`;

/** A second brief, which names the portfolio of a minister the article only names. */
const SECOND_UPDATE = `---
id: don-ambulances-2025-12-15
date: 2025-12-15
title: Dix ambulances russes remises au ministère de la Santé
outlet: Rédaction
author: Rédaction
---
Le ministre de l’Économie et des Finances, Alousseini Sanou, a reçu le lundi 15 décembre 2025 à Bamako dix ambulances offertes par la Russie.
`;

let dir: string;
let engine: Engine;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "visite-new-text-"));
  cpSync(resolve("knowledge"), dir, { recursive: true });
  writeFileSync(join(dir, "updates", "puits-solaires-2025-11-05.md"), UPDATE);
  writeFileSync(join(dir, "updates", "don-ambulances-2025-12-15.md"), SECOND_UPDATE);
  engine = createEngine(loadKnowledge(dir));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first quote of the answer, or how it was refused; by default from the engine with this file's own briefs. */
const quoteOf = (question: string, asker: Pick<Engine, "ask"> = engine) => {
  const answer = asker.ask(question);
  return answer.answered ? (answer.citations[0]?.quote ?? "") : `(refused: ${answer.status})`;
};

/** The engines with the eval's fictional briefs loaded, built once for the whole file (each build indexes every source). */
const built = new Map<string, Engine>();
const engineWith = (...dirs: string[]): Engine => {
  const key = dirs.join("|");
  let found = built.get(key);
  if (!found) built.set(key, (found = evalEngine(dirs)));
  return found;
};
const withFixtures = () => engineWith(FIXTURE_UPDATES_DIR);
const withTuning2 = () => engineWith(FIXTURE_UPDATES_DIR, TUNING2_UPDATES_DIR);
const withTuning3 = () => engineWith(FIXTURE_UPDATES_DIR, TUNING3_UPDATES_DIR);
const withTuning4 = () => engineWith(FIXTURE_UPDATES_DIR, TUNING4_UPDATES_DIR);
const withAllTuning = () => engineWith(...ALL_TUNING_DIRS);

describe("what a question asks, told in the update's own words", () => {
  it("'combien de personnes' is answered by whoever a sentence counts ('2 500 habitants')", () => {
    expect(quoteOf("ça va profiter à combien de personnes à Nioro ?")).toContain("2 500 habitants");
  });

  it("'combien de personnes' is said by the count, which says 'combien' in its way ('plus de 12 000 visiteurs')", () => {
    expect(quoteOf("la semaine culturelle russe a attiré combien de personnes au total ?", withTuning2())).toContain("12 000 visiteurs");
  });

  it("'combien de participants' too: the commission's session counts its participants as '140 délégués'", () => {
    expect(withFixtures().ask("il y avait combien de participants à la session de septembre ?").citations[0]?.quote).toContain("140 délégués");
  });

  it("a sentence that counts what is asked says 'combien' in its way: it is not held back for lacking the word", () => {
    const answer = engine.ask("ils vont creuser combien de forages en plus ?");
    expect(answer.citations[0]?.quote).toContain("40 forages");
    // (Without that credit "creuser", a verb no source uses, left it just above the bar.)
    expect(answer.score).toBeGreaterThan(0.65);
  });

  it("a message of keywords that opens with 'nombre' counts what follows it ('nombre villages Nioro')", () => {
    // ("Chaque ouvrage peut fournir 20 mètres cubes d'eau par jour aux villages voisins" counts no village.)
    expect(quoteOf("nombre villages Nioro")).toBe("(refused: unanswerable)");
    expect(quoteOf("nombre habitants Nioro")).toContain("2 500 habitants");
  });

  it("a measure is answered by a number in its units, which says the measure without naming it", () => {
    expect(quoteOf("quel débit pour chaque puits ?")).toContain("20 mètres cubes");
  });

  it("'pourquoi' is not answered by a sentence that tells no cause", () => {
    expect(engine.ask("Pourquoi les puits ont-ils été construits à Nioro ?").status).toBe("unanswerable");
  });

  it("'d'où' is answered by where something comes from ('venu de Dakar')", () => {
    expect(quoteOf("le fer du chantier venait d'où ?")).toContain("venu de Dakar");
  });
});

describe("a sentence that does not repeat what its update is about", () => {
  it("is credited with the words of its paragraph and of the update's title", () => {
    // "puits" is only in the title and the sentence before; "inauguré" only in the one that answers.
    expect(quoteOf("Qui a inauguré les puits solaires de Nioro ?")).toContain("Amadou Keïta");
  });

  it("a count is answered by the sentence with a number right before the noun, not by the one that matches most words", () => {
    expect(quoteOf("combien de forages en plus sont prévus près de Diéma ?")).toContain("40 forages");
  });

  it("is shown before the update's opening sentence when it says the rest of the question (the title's words count in each)", () => {
    // The opening sentence repeats the title ("bourses", "SAHEL AIR EXPRESS"); the one that answers says the rest.
    const quote = (q: string) => quoteOf(q, withTuning2());
    expect(quote("les bourses russes, il faut avoir le bac ?")).toContain("bacheliers");
    expect(quote("l'investissement de Sahel Air Express")).toContain("18,5 milliards");
    expect(quote("qui est le chef de la mission russe de cartographie de Kéniéba ?")).toContain("Andreï Volkov");
  });
});

describe("a question that two briefs answer as well", () => {
  it("is answered from the newest one: people ask about the latest news first", () => {
    // The fish-farming brief (August 2029) and the cement-works brief (November 2029) each name a chief engineer.
    const answer = withTuning3().ask("c'est qui l'ingénieur en chef ?");
    expect(answer.citations[0]?.quote).toContain("Rostislav Bezroukov");
  });
});

describe("a date asked precisely", () => {
  it("is answered by a day, not by a year alone ('la date exacte')", () => {
    expect(quoteOf("quand sera lancée la deuxième tranche de forages ?")).toContain("en 2026");
    expect(quoteOf("Quelle est la date exacte du lancement de la deuxième tranche de forages ?")).toBe("(refused: unanswerable)");
    expect(quoteOf("la construction des puits a été achevée à quelle date précise ?")).toContain("mardi 4 novembre 2025");
  });
});

describe("a count asked of a part, or of something precise", () => {
  it("a figure for several places named together is not the figure of one of them ('200 cages entre Mopti, Konna et Djenné')", () => {
    const part = withTuning3().ask("combien de cages vont être installées à Djenné ?");
    expect(part.answered).toBe(false);
    expect(part.text).toMatch(/^Les sources .* ne donnent pas ce chiffre pour Djenné seul : elles nomment ensemble Mopti, Konna et Djenné\./);
    // Asked of them all, it is their figure; a place in the brief's title says which brief, not which part.
    expect(withTuning3().ask("combien de cages en tout entre Mopti, Konna et Djenné ?").citations[0]?.quote).toContain("200 cages");
    expect(withTuning2().ask("la cartographie de Kéniéba coûte combien ?").citations.map((c) => c.quote).join(" ")).toContain("9,6 milliards");
  });

  it("the total the question gives is not the part it asks ('parmi les 35 puits, combien…')", () => {
    expect(quoteOf("combien de puits la société Rusgidro a-t-elle construits à Nioro ?")).toContain("35 puits");
    expect(quoteOf("combien de puits parmi les 35 ont été construits par Rusgidro ?")).toBe("(refused: unanswerable)");
  });

  it("'combien de X de Y' is answered by a number of X of Y, not of X of something else", () => {
    expect(quoteOf("le chantier a consommé combien de tonnes de ciment ?")).toContain("300 tonnes de ciment");
    expect(quoteOf("le chantier a consommé combien de tonnes de fer ?")).toBe("(refused: unanswerable)");
  });

  it("a unit does not stand between the number and what it counts ('20 mètres cubes d'eau')", () => {
    expect(quoteOf("chaque ouvrage peut fournir combien d'eau par jour ?")).toContain("20 mètres cubes d’eau");
  });

  it("'la quantité de X', 'le nombre de X' count X as 'combien de X' does", () => {
    expect(quoteOf("quelle quantité de ciment le chantier a-t-il consommée ?")).toContain("300 tonnes de ciment");
    expect(quoteOf("quelle quantité de fer le chantier a-t-il consommée ?")).toBe("(refused: unanswerable)");
  });
});

describe("a question about one side", () => {
  it("is not answered by a sentence that tells only the other side ('côté malien' for 'côté russe')", () => {
    expect(quoteOf("qui assurera l'entretien des puits côté malien ?")).toContain("Awa Traoré");
    expect(quoteOf("qui assurera l'entretien des puits du côté russe ?")).toBe("(refused: unanswerable)");
  });

  it("reads a role qualified by a nationality as a side ('le responsable russe de…')", () => {
    expect(quoteOf("qui est le chef malien qui assurera l'entretien des puits ?")).toContain("Awa Traoré");
    expect(quoteOf("qui est le chef russe qui assurera l'entretien des puits ?")).toBe("(refused: unanswerable)");
    expect(quoteOf("l'entretien des puits sera assuré par quel responsable russe ?")).toBe("(refused: unanswerable)");
  });
});

describe("the name of a thing no source mentions", () => {
  it("is not answered by the sentence on the rest of the question ('le nom du laboratoire…')", () => {
    expect(quoteOf("Quel est le nom du laboratoire qui a analysé l'eau des 35 puits solaires de Nioro ?")).toBe("(refused: unanswerable)");
    expect(quoteOf("Quel est le nom de la société qui a construit les 35 puits de Nioro ?")).toContain("Rusgidro");
  });
});

describe("what someone said, and a person's age", () => {
  it("'qu'a déclaré X ?' is answered only by a sentence that reports words", () => {
    // The governor is named in the update, but nothing he said is reported.
    expect(quoteOf("Qu'a déclaré le gouverneur Amadou Keïta lors de l'inauguration ?")).toBe("(refused: unanswerable)");
  });

  it("is asked as 'qu'est-ce que X a dit ?', 'elle a dit quoi X ?' or 'que dit X ?' too", () => {
    expect(quoteOf("Qu'est-ce que le gouverneur Amadou Keïta a dit à Nioro ?")).toBe("(refused: unanswerable)");
    // The vaccination brief names the minister who launched the campaign and reports the words of the LCV's director.
    const quote = (q: string) => quoteOf(q, withTuning3());
    expect(quote("Qu'est-ce que le ministre Youssouf Tangara a dit à Sikasso ?")).toBe("(refused: unanswerable)");
    expect(quote("que dit le ministre Youssouf Tangara sur la campagne ?")).toBe("(refused: unanswerable)");
    expect(quote("elle a dit quoi la directrice du LCV ?")).toContain("bouffée d'oxygène");
  });

  it("'quel âge a X ?' wants a number, not the sentence that names X", () => {
    expect(quoteOf("Quel âge a l'ingénieure Awa Traoré ?")).toMatch(/^\(refused/);
  });
});

describe("a scene set before the questions", () => {
  it("'Sur les 35 puits, combien … et combien … ?' asks a part of a total the update gives", () => {
    expect(quoteOf("Sur les 35 puits, combien sont à Nioro et combien ailleurs ?")).toMatch(/^\(refused/);
  });
});

describe("a yes/no question", () => {
  it("is answered by a sentence that says all of it, not by one that shares most of its words", () => {
    expect(quoteOf("La société Rusgidro a-t-elle construit des puits solaires à Nioro ?")).toContain("Rusgidro");
    expect(quoteOf("L'eau des puits solaires de Nioro est-elle payante pour les villages voisins ?")).toMatch(/^\(refused/);
  });
});

describe("the date of an event no source tells", () => {
  it("is not the date of another event of the same sentence", () => {
    expect(quoteOf("À quelle date démolira-t-on les puits de Nioro ?")).toBe("(refused: unanswerable)");
    expect(quoteOf("À quelle date la construction des puits de Nioro a-t-elle été achevée ?")).toContain("4 novembre 2025");
  });
});

describe("review fixes", () => {
  it("a total in thousands or in words is the total, not a part ('sur les 2 500 habitants', 'sur les quarante forages')", () => {
    expect(quoteOf("combien d'habitants de Nioro en profiteront ?")).toContain("2 500 habitants");
    expect(quoteOf("Sur les 2 500 habitants de Nioro, combien sont des enfants ?")).toBe("(refused: unanswerable)");
    expect(quoteOf("Sur les quarante forages prévus près de Diéma, combien seront lancés en 2026 ?")).toBe("(refused: unanswerable)");
  });

  it("inverted questions about words said are read as such ('qu'a-t-il déclaré ?')", () => {
    expect(quoteOf("Qu'a-t-il déclaré, le gouverneur Amadou Keïta, à l'inauguration ?")).toMatch(/^\(refused/);
  });
});

describe("a refusal once updates are loaded", () => {
  it("speaks of the sources, not of the article alone: an update might have said it", () => {
    const refused = engine.ask("Quelle est la date exacte du lancement de la deuxième tranche de forages ?");
    expect(refused.answered).toBe(false);
    expect(refused.text).toMatch(/^Les sources \(l’article et ses mises à jour\) ne donnent pas/);
    expect(refused.text).not.toMatch(/L’article ne/);
    const offTopic = engine.ask("Quel temps fera-t-il demain à Tombouctou ?");
    expect(offTopic.text).toContain("à partir de l’article d’Info Matin et des mises à jour publiées depuis");
  });
});

describe("'où' asks for a place", () => {
  it("is answered by the sentence that names one, and refused when the sentence on the subject names none", () => {
    expect(quoteOf("où sera lancée la deuxième tranche de forages ?")).toContain("près de Diéma");
    expect(quoteOf("où l'ingénieure Awa Traoré assurera-t-elle l'entretien ?")).toBe("(refused: unanswerable)");
  });
});

describe("'qui' asks for someone", () => {
  it("is answered by the sentence that names them, and refused by sentences on the subject that name no one", () => {
    expect(quoteOf("qui a inauguré le chantier de Nioro ?")).toContain("Amadou Keïta");
    // The update says how much water each well gives, not who will distribute it.
    expect(quoteOf("qui va distribuer les 20 mètres cubes d'eau par jour ?")).toBe("(refused: unanswerable)");
  });
});

describe("'qui est le X de Y ?'", () => {
  it("asks who holds the role X: a sentence on Y that does not name the role does not say", () => {
    expect(quoteOf("qui est le gouverneur de la région de Kayes ?")).toContain("Amadou Keïta");
    // The update names the company that built the wells, and no one who heads it.
    expect(quoteOf("qui est le directeur de la société Rusgidro ?")).toBe("(refused: unanswerable)");
  });

  it("is asked the same way as 'c'est qui le X ?', or by the role alone ('le directeur de l'ODPD ?')", () => {
    expect(quoteOf("c'est qui le gouverneur de Kayes ?")).toContain("Amadou Keïta");
    // The fish-farming brief names the ODPD, and no one who heads it.
    const withFishFarms = withTuning3();
    expect(withFishFarms.ask("c'est qui le président de l'ODPD ?").answered).toBe(false);
    expect(withFishFarms.ask("qui c'est le président de l'ODPD ?").answered).toBe(false);
    expect(withFishFarms.ask("le directeur de l'ODPD ?").answered).toBe(false);
    expect(withFishFarms.ask("et le directeur de l'ODPD ?").answered).toBe(false);
  });
});

describe("a question that names something", () => {
  it("is not answered by a curated entry that never names it", () => {
    // The FAQ entry on who led the delegation shares "directeur"/"dirige" with the question, never "Rusgidro".
    const answer = engine.ask("qui est le directeur de la société Rusgidro ?");
    expect(answer.match?.kind === "faq" ? answer.match.id : undefined).toBeUndefined();
  });
});

describe("a question that names something its sentence does not", () => {
  it("is not answered by a sentence on the rest of it", () => {
    expect(quoteOf("combien de puits la société Rusgidro a-t-elle construits à Nioro ?")).toContain("35 puits");
    // Diéma is where the second batch will be, in another paragraph: the 35 wells' sentence does not say any were built there.
    const refused = engine.ask("combien de puits Rusgidro a-t-elle construits à Diéma ?");
    expect(refused.status).toBe("unanswerable");
    // The reply names what the sources do not tell of it.
    expect(refused.text).toContain("« diema »");
    expect(refused.text).not.toContain("côté");
  });

  it("is not answered by a sentence whose paragraph names it once, about something else", () => {
    // Diéma is in the same paragraph as the 20 m³, but for the next batch of wells: the water is Nioro's.
    expect(engine.ask("combien d'eau les puits fournissent-ils à Diéma ?").status).toBe("unanswerable");
    // What the update is about (its title, or a name several of its sentences say) needs no repeating.
    expect(quoteOf("combien d'eau par jour fournit chaque puits de Nioro ?")).toContain("20 mètres cubes");
  });
});

describe("a curated answer that admits what the article does not say", () => {
  it("gives way to a newer source that says it ('l’article ne précise pas de quel ministère…')", () => {
    expect(quoteOf("Alousseini Sanou est ministre de quoi ?")).toContain("ministre de l’Économie et des Finances");
  });
});

describe("a word that places or bounds what is asked ('prochain', 'suivant', 'maximum')", () => {
  it("weighs little when no source uses it: the rest of the question says what is asked", () => {
    expect(quoteOf("les prochains forages, ce sera où ?")).toContain("près de Diéma");
    expect(quoteOf("la prochaine tranche, c'est prévu pour quand ?")).toContain("en 2026");
  });
});

describe("a word that reads as a noun the sources lack, and is also a verb they have", () => {
  it("is read as the verb ('dessert' → desservir)", () => {
    const answer = withTuning2().ask("quelles villes dessert la SAE ?");
    expect(answer.answered).toBe(true);
    expect(answer.citations.map((c) => c.quote).join(" ")).toMatch(/Tombouctou/);
  });
});

describe("a purpose asked with a noun ('quel est le but… ?', 'quel objectif… ?')", () => {
  it("is answered by the sentence that tells a purpose, not the one that matches most words", () => {
    const answer = withTuning2().ask("Quel est l'objectif de la campagne de cartographie ?");
    expect(answer.citations[0]?.quote).toContain("afin d'actualiser des cartes");
  });

  it("is refused when no sentence on the subject tells one", () => {
    expect(quoteOf("Quel est le but de la deuxième tranche de forages ?")).toMatch(/^\(refused/);
  });
});

describe("a question on a source's subject that asks a kind of fact no sentence gives", () => {
  it("is refused as not given or unclear, never as off-topic ('combien de places dans l'internat ?' when the brief gives beds)", () => {
    const answer = withTuning3().ask("l'internat du lycée, il a combien de places ?");
    expect(answer.answered).toBe(false);
    expect(answer.status).not.toBe("off_topic");
  });
});

describe("'quels N ?', a plural noun asked that no sentence on the subject says", () => {
  it("is refused: the sentence that shares the rest of the question is about something else", () => {
    expect(withFixtures().ask("Quels documents doit-on envoyer au CENOU pour candidater ?").answered).toBe(false);
    expect(withFixtures().ask("quelles spécialités sont proposées aux boursiers à Kazan ?").answered).toBe(false);
  });

  it("is refused as something the sources do not say, never as off-topic, when the subject is theirs", () => {
    const answer = withFixtures().ask("Quels documents doit-on envoyer au CENOU pour candidater ?");
    expect(answer.status).toBe("unanswerable");
    expect(answer.text).toContain("documents");
  });

  it("so is 'y a-t-il des N… ?': whether there is N, which only a sentence that says N answers", () => {
    const answer = engine.ask("y a-t-il des camions sur le chantier des puits de Nioro ?");
    expect(answer.status).toBe("unanswerable");
    expect(answer.text).toContain("camions");
    expect(quoteOf("il y a des pompes solaires dans les puits de Nioro ?")).toContain("pompes solaires");
  });

  it("is answered by the sentence that says the noun", () => {
    expect(withFixtures().ask("Quelles universités accueilleront les boursiers ?").citations[0]?.quote).toContain("Université fédérale de Kazan");
  });
});

describe("a sentence that opens with a generic noun ('L'ouvrage…', 'Le chantier…')", () => {
  it("speaks of what its brief's title names: it answers a question that names it", () => {
    // ("L'ouvrage est évalué à 412 milliards…", in the brief titled "Tramway de Bamako : …".)
    expect(quoteOf("le projet du tram de Bamako coûte combien ?", withTuning2())).toContain("412 milliards");
    expect(quoteOf("Le tramway de Bamako va transporter combien de gens chaque jour ?", withTuning2())).toContain("180 000 voyageurs");
  });

  it("as does one that opens with someone's words ('« Le Mali ne doit plus dépendre… », a déclaré le ministre')", () => {
    expect(quoteOf("Pourquoi l'école des mines de Sadiola a-t-elle été créée ?", withTuning4())).toMatch(/dépendre de cadres étrangers|répondre aux besoins/);
  });

  it("lends the title nothing when it says nothing of the question itself", () => {
    expect(quoteOf("qui assurera l'entretien des puits du côté russe ?")).toBe("(refused: unanswerable)");
  });
});

describe("'combien de temps ?' against a sentence that counts units of time without the word 'durée'", () => {
  it("is answered by it ('Réalisée en quatorze mois…')", () => {
    expect(quoteOf("l'étude du tram de Bamako a demandé combien de temps ?", withTuning2())).toContain("quatorze mois");
    expect(quoteOf("cmb de tps pr l etude du tram", withTuning2())).toContain("quatorze mois");
  });
});

describe("a clipping the dictionary lists as a word of its own ('mécano', 'promo')", () => {
  it("reads as the long word of the sources it was cut from ('mécaniciens'), counted as that word too", () => {
    expect(quoteOf("le chef des mécanos s'appelle comment ?", withTuning4())).toContain("Nikolaï Fedorov");
    expect(quoteOf("combien de mécanos ont été détachés ?", withTuning4())).toContain("vingt mécaniciens");
  });
});

describe("a clipping no dictionary lists ('la carto') that is also one letter from another word of the sources ('cargo')", () => {
  it("reads as the word of the sources it begins, not as a typo of the other one", () => {
    expect(quoteOf("la carto de Kéniéba a coûté combien ?", withAllTuning())).toContain("9,6 milliards");
    expect(quoteOf("combien de personnes travaillent sur la carto ?", withAllTuning())).toContain("35 géologues");
  });
});

describe("a name a brief's first sentence introduces ('… de Bamako (Sotrub) a réceptionné…')", () => {
  it("is what the brief's later sentences speak of, unnamed: the one that answers need not repeat it", () => {
    expect(quoteOf("le ticket des bus de la Sotrub coûte combien ?", withAllTuning())).toContain("250 FCFA");
  });
});

describe("'how many Russian geologists…?' read in French (the adjective before its noun, in English order)", () => {
  it("counts the noun, not the nationality before it", () => {
    expect(quoteOf("How many Russian geologists will work at Keniéba?", withAllTuning())).toContain("35 géologues");
  });
});

describe("a price asked ('le prix d'une clinique mobile ?')", () => {
  it("is told by a sum, not by a sentence saying the thing was given ('offertes par la Russie')", () => {
    expect(quoteOf("le prix d'une clinique mobile de Tombouctou ?", withAllTuning())).toContain("350 millions");
  });
});

describe("a common noun that says what a question is about, as a name would ('le tramway')", () => {
  it("is not answered by a brief that never says it, however many other words it shares", () => {
    // (The bus brief sells tickets; the tramway's brief sells none.)
    expect(quoteOf("le ticket du tramway de Bamako sera à combien ?", withAllTuning())).toBe("(refused: unanswerable)");
    expect(quoteOf("le chantier du tramway va employer combien d'ouvriers ?", withAllTuning())).toBe("(refused: unanswerable)");
    expect(quoteOf("le ticket de bus coûte combien à Bamako ?", withAllTuning())).toContain("250 FCFA");
  });
});

describe("the day someone spoke ('…, a annoncé le samedi 5 mai le ministre')", () => {
  it("is not the day of what they spoke of, unless their words are what is asked", () => {
    expect(quoteOf("la rentrée du lycée de Sébénikoro, c'est quel jour exactement ?", withAllTuning())).toBe("(refused: unanswerable)");
    expect(quoteOf("quel jour le ministre a annoncé la rentrée du lycée de Sébénikoro ?", withAllTuning())).toContain("samedi 5 mai");
    // (The month the sentence gives answers "quand ?", which a month does.)
    expect(quoteOf("La rentrée au lycée de Sébénikoro, c'est quand ?", withAllTuning())).toContain("octobre 2029");
  });
});

describe("'la prochaine X, c'est quand ?'", () => {
  it("is answered by a date after the brief's own news, not by the date of the event it reports", () => {
    // (The tour the brief of 19 January reports left on 17 January: the next one is not in the sources.)
    expect(quoteOf("C'est quand la prochaine tournée des cliniques mobiles de Tombouctou ?", withAllTuning())).toBe("(refused: unanswerable)");
    expect(quoteOf("la tournée des cliniques mobiles a commencé quand ?", withAllTuning())).toContain("17 janvier");
    expect(quoteOf("la prochaine session de la commission intergouvernementale, c'est quand ?", withAllTuning())).toMatch(/2026/);
  });
});

describe("words that are only parts of others", () => {
  it("'hui' of 'aujourd'hui' is no word of its own: a brief's 'aujourd'hui' does not answer the weather today", () => {
    // ("hui" alone matched "qui couvrent aujourd'hui près de 70 %" in the cement works' brief.)
    expect(quoteOf("aujourd'hui à Bamako il y a quoi ?", withAllTuning())).not.toContain("aujourd'hui");
  });

  it("a clipping a synonym group already reads ('resto') is not cut into another word ('rest-' of 'rester')", () => {
    expect(withAllTuning().ask("au fait tu connais un bon resto à Ségou ?").answered).toBe(false);
  });
});
