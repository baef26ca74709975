/** Follow-up questions read with the conversation's subject (engine level; the bot's memory is tested in test/bot). */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine/engine.ts";
import { loadKnowledge } from "../../src/engine/knowledge/load.ts";
import type { Answer } from "../../src/engine/answer.ts";
import { ALL_TUNING_DIRS, evalEngine, FIXTURE_UPDATES_DIR, TUNING2_UPDATES_DIR } from "../../src/eval/suites.ts";

const engine = createEngine(loadKnowledge("knowledge"));

/** Plays a conversation the way the bot does: each message asked with the subject of the previous answer. */
function converse(...messages: string[]): Answer[] {
  return converseWith(engine, ...messages);
}

function converseWith(asker: Pick<typeof engine, "ask">, ...messages: string[]): Answer[] {
  const answers: Answer[] = [];
  for (const message of messages) {
    const subject = answers.at(-1)?.subject;
    answers.push(asker.ask(message, subject ? { context: subject } : {}));
  }
  return answers;
}

describe("follow-ups", () => {
  it("a pronoun and a question word lean on the subject; what the article does not give stays refused", () => {
    const [first, second, third] = converse("Qui était à la tête de la délégation russe ?", "et il est arrivé quand ?", "il a quel âge ?");
    expect(first?.answered).toBe(true);
    expect(second?.answered).toBe(true);
    expect(second?.citations.map((c) => c.quote).join(" ")).toMatch(/juillet/);
    expect(third?.followUp).toBe(true);
    expect(third?.status).toBe("unanswerable");
  });

  it("a pronoun with several people before it asks which one, each name offered", () => {
    const [first, second] = converse("Qui a accueilli la délégation à l'aéroport ?", "il est ministre de quoi ?");
    expect(first?.answered).toBe(true);
    expect(second?.answered).toBe(false);
    expect(second?.text).toMatch(/^Vous parlez de qui : .*Alousseini Sanou/);
    expect(second?.suggestions).toContain("Alousseini Sanou est ministre de quoi ?");
    // One person before it: no question back.
    const [, alone] = converse("Qui était à la tête de la délégation russe ?", "il est ministre de quoi ?");
    expect(alone?.text).not.toMatch(/^Vous parlez de qui/);
  });

  it("is not answered by an excerpt that says nothing of its own words, only of the previous subject", () => {
    const [first, second] = converse("Est-ce qu'une compagnie aérienne régionale est prévue ?", "elle portera quel nom ?");
    expect(first?.answered).toBe(true);
    expect(second?.answered).toBe(false);
    expect(second?.status).toBe("unanswerable");
  });

  it("a type noun alone ('dans quelle ville ?') leans on the subject, and is not answered by a place about something else", () => {
    const [first, second] = converse("La Russie veut-elle construire un tramway au Mali ?", "dans quelle ville ?");
    expect(first?.answered).toBe(true);
    expect(second?.followUp).toBe(true);
    expect(second?.status).toBe("unanswerable");
    // The refusal says what the sources do say on the subject.
    expect(second?.suggestions.length).toBeGreaterThan(0);
  });

  it("a message whose only word is its question word leans on the subject ('et c'était quand ?')", () => {
    const [, second] = converse("Le ministère russe de l'Industrie était-il représenté ?", "et ça, c'était quand ?");
    expect(second?.followUp).toBe(true);
  });

  it("an 'et …' message that stands on its own is told apart by the conversation: the Russian side after the Russian ministries", () => {
    const [first, second] = converse("Quels ministères russes faisaient partie de la délégation ?", "et pour la Défense, qui était là ?");
    expect(first?.answered).toBe(true);
    expect(second?.answered).toBe(true);
    expect(second?.citations.map((c) => c.quote).join(" ")).toMatch(/Yevkurov|Averyanov/);
    // Asked alone, the same words may mean either side: the conversation is what chose.
    const [alone] = converse("pour la Défense, qui était là ?");
    expect(alone?.match?.id).not.toBe(second?.match?.id);
    // A name of its own ("et Rosatom ?") keeps its own answer.
    const [, named] = converse("Quelles entreprises russes étaient dans la délégation ?", "et Rosatom ?");
    expect(named?.citations.map((c) => c.quote).join(" ")).toMatch(/Rosatom/);
  });

  describe("on updates (fictional test fixtures)", () => {
    const withUpdates = evalEngine([FIXTURE_UPDATES_DIR, TUNING2_UPDATES_DIR]);

    it("the word a follow-up asks about outweighs the previous answer's many words: the duration, not the launch again", () => {
      const [first, second] = converseWith(withUpdates, "La cartographie géologique de Kéniéba a commencé quand ?", "et ça va prendre combien de temps ?");
      expect(first?.answered).toBe(true);
      expect(second?.answered).toBe(true);
      expect(second?.citations[0]?.quote).toMatch(/18 mois/);
    });

    it("a nationality alone asks for that side of what was just said ('et côté malien ?')", () => {
      const [, second] = converseWith(withUpdates, "Qui a fait l'étude du tramway de Bamako ?", "et côté malien ?");
      expect(second?.followUp).toBe(true);
      expect(second?.citations.map((c) => c.quote).join(" ")).toMatch(/tramway|transports urbains/);
      // With a type noun, the message asks for its own thing: "quelles entreprises russes ?" stands alone.
      const [, own] = converseWith(withUpdates, "Qui a fait l'étude du tramway de Bamako ?", "Quelles entreprises russes étaient là ?");
      expect(own?.followUp).not.toBe(true);
    });

    it("an object pronoun before a verb ('qui l'a dit ?') leans on the subject", () => {
      const [, second] = converseWith(withUpdates, "Quand l'étude du tramway de Bamako a-t-elle été remise ?", "qui l'a reçue ?");
      expect(second?.followUp).toBe(true);
    });

    it("a duration asked after a start date: the sentence that tells it in its own words ('s'étaler sur quatre ans')", () => {
      // The subject is the sentence that answered (not the one it leans on), the previous "quand" asks no date
      // here, and "durer" asks the kind, which "quatre ans" states.
      const [first, second] = converseWith(withUpdates, "Quand vont démarrer les travaux du tramway de Bamako ?", "et ça va prendre combien de temps ?");
      expect(first?.citations.map((c) => c.quote).join(" ")).toMatch(/2029/);
      expect(second?.answered).toBe(true);
      expect(second?.citations.map((c) => c.quote).join(" ")).toMatch(/quatre ans/);
    });

    it("a message whose words only ask the kind leans on the subject ('ça leur a pris combien de temps ?': no word of its own)", () => {
      const [first, second] = converseWith(withUpdates, "Qui a réalisé l'étude du tramway de Bamako ?", "ça leur a pris combien de temps ?");
      expect(first?.citations.map((c) => c.quote).join(" ")).toMatch(/METROTRANSPROEKT-M/);
      expect(second?.followUp).toBe(true);
      expect(second?.answered).toBe(true);
      expect(second?.citations.map((c) => c.quote).join(" ")).toMatch(/quatorze mois/);
    });

    it("'et à X ?' with a place alone asks the same of that place: not answered by another update that names it", () => {
      for (const message of ["et à Kayes aussi ?", "et Kayes ?"]) {
        const [first, second] = converseWith(withUpdates, "Sahel Air Express va dans quelles villes ?", message);
        expect(first?.citations[0]?.quote).toMatch(/Mopti/);
        expect(second?.followUp).toBe(true);
        expect(second?.status).toBe("unanswerable");
      }
    });

    it("a sentence of the same update is on the subject its title names, though it repeats none of the previous words", () => {
      const [first, second] = converseWith(withUpdates, "Où s'est tenue la première session de la commission russo-malienne ?", "et elle a abouti à quoi ?");
      expect(first?.answered).toBe(true);
      expect(second?.answered).toBe(true);
      expect(second?.citations.map((c) => c.quote).join(" ")).toMatch(/neuf accords/);
    });
  });

  describe("with many updates loaded (every tuning brief)", () => {
    const withMany = evalEngine(ALL_TUNING_DIRS);

    it("a message that names no subject is about the conversation's update, not another that shares its words", () => {
      const [first, second] = converseWith(withMany, "Le budget de la semaine culturelle russe de Bamako était de combien ?", "c est qui qui a payé ?");
      expect(first?.citations[0]?.quote).toMatch(/150 millions/);
      expect(second?.followUp).toBe(true);
      expect(second?.citations.map((c) => c.sourceId)).toEqual(["semaine-culturelle-russe-bamako-2028-03-13"]);
      expect(second?.citations[0]?.quote).toMatch(/parts égales/);
    });

    it("and when that update does not say, a message that opens as a follow-up is refused ('et le billet d'entrée ?')", () => {
      const [, second] = converseWith(withMany, "Le budget de la semaine culturelle russe de Bamako était de combien ?", "et le billet d entrée était à combien ?");
      expect(second?.answered).toBe(false);
      expect(second?.followUp).toBe(true);
    });

    it("'et à X ?' with a name after 'à' is a place, though no source writes it after a preposition ('desservir Tombouctou et Gao')", () => {
      const [, refused] = converseWith(withMany, "Les cliniques mobiles de Tombouctou vont dans quelles localités ?", "et à Gao aussi ?");
      expect(refused?.followUp).toBe(true);
      expect(refused?.status).toBe("unanswerable");
      const [, answered] = converseWith(withMany, "Sahel Air Express va dans quelles villes ?", "et à Gao ?");
      expect(answered?.citations[0]?.quote).toMatch(/Tombouctou et Gao/);
    });

    it("a kind of fact asked with one verb no sentence uses is answered by the subject's sentence that states it ('ils ont débarqué quand ?')", () => {
      const [, bus] = converseWith(withMany, "Les bus russes de la Sotrub viennent de quel constructeur ?", "ils ont débarqué quand ?");
      expect(bus?.citations[0]?.quote).toMatch(/le 5 septembre/);
      const [, clinics] = converseWith(withMany, "Combien de cliniques mobiles la Russie a offert à Tombouctou ?", "elles ont démarré quand ?");
      expect(clinics?.citations[0]?.quote).toMatch(/le 17 janvier/);
      // (What the subject's sources do not say stays refused: no sentence on the buses gives their weight.)
      const [, refused] = converseWith(withMany, "Les bus russes de la Sotrub viennent de quel constructeur ?", "et ils pèsent combien de tonnes ?");
      expect(refused?.answered).toBe(false);
    });

    it("a curated entry on the article does not answer a follow-up whose words the conversation's update says ('c'est pour qui en priorité ?')", () => {
      const [, second] = converseWith(withMany, "Les cliniques mobiles de Tombouctou espèrent consulter combien de patients ?", "c'est pour qui en priorité ?");
      expect(second?.match?.kind).toBe("passage");
      expect(second?.citations[0]?.quote).toMatch(/femmes enceintes/);
    });

    it("a word the story lexicon once took for chat noise is what is asked ('et il y aura combien de chauffeurs ?')", () => {
      const [, second] = converseWith(withMany, "La Sotrub a reçu combien de bus russes ?", "et il y aura combien de chauffeurs ?");
      expect(second?.answered).toBe(false);
      expect(second?.text).toContain("chauffeurs");
    });

    it("a message that names another update's subject is about it", () => {
      const [, second] = converseWith(withMany, "Le budget de la semaine culturelle russe de Bamako était de combien ?", "et l'école des mines de Sadiola, elle a coûté combien ?");
      expect(second?.citations[0]?.sourceId).toBe("ecole-mines-sadiola-2032-05-12");
    });
  });

  describe("on a brief written for this test", () => {
    const BRIEF = `---
id: caravane-solaire-2026-04-02
date: 2026-04-02
title: Une caravane de l'énergie solaire sillonne la région de Ségou
outlet: Rédaction
author: Rédaction
---
Une caravane de démonstration de kits solaires offerts par la Russie a quitté Ségou le 30 mars pour une tournée de quatre mois. Elle fera étape dans une vingtaine de marchés hebdomadaires de la région, où les commerçants pourront essayer les kits.

Une douzaine de techniciens formés à Kazan, dont la brigade Solnetchny Veter, accompagnent la caravane.
`;
    let dir: string;
    let withBrief: ReturnType<typeof createEngine>;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "visite-follow-ups-"));
      cpSync(resolve("knowledge"), dir, { recursive: true });
      writeFileSync(join(dir, "updates", "caravane-solaire-2026-04-02.md"), BRIEF);
      withBrief = createEngine(loadKnowledge(dir));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("a singular 'quel N ?' is answered by the one the sentence names, though it does not say N ('il y avait quel groupe ?')", () => {
      const [first, second] = converseWith(withBrief, "combien de techniciens accompagnent la caravane solaire ?", "il y avait quel groupe ?");
      expect(first?.citations[0]?.quote).toMatch(/Solnetchny Veter/);
      expect(second?.answered).toBe(true);
      expect(second?.citations[0]?.quote).toMatch(/Solnetchny Veter/);
    });

    it("'ils viennent d'où ?' asks a place: the sentence that gives it answers, though it does not say 'venir'", () => {
      const [, second] = converseWith(withBrief, "combien de techniciens accompagnent la caravane solaire ?", "ils viennent d'où ?");
      expect(second?.answered).toBe(true);
      expect(second?.citations[0]?.quote).toMatch(/formés à Kazan/);
    });

    it("the kind asked is the message's own: a count after a duration is answered by the count, not by the duration again", () => {
      const [first, second] = converseWith(withBrief, "La tournée de la caravane solaire dure combien de temps ?", "et ça fait combien de marchés ?");
      expect(first?.citations[0]?.quote).toMatch(/quatre mois/);
      expect(second?.answered).toBe(true);
      expect(second?.citations.map((c) => c.quote).join(" ")).toMatch(/une vingtaine de marchés/);
    });
  });
});
