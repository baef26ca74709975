/** Which sentences speak of what their brief is about, as its title does (knowledge-index.ts lends them the title's words). */
import { describe, expect, it } from "vitest";
import { opensWithSubjectNoun } from "../../../src/engine/search/knowledge-index.ts";

describe("a sentence that speaks of its brief's subject", () => {
  it("opens with a generic noun ('L'ouvrage…', 'Le chantier…')", () => {
    expect(opensWithSubjectNoun("L'ouvrage est évalué à 412 milliards de FCFA.")).toBe(true);
    expect(opensWithSubjectNoun("La manifestation a attiré 12 000 visiteurs.")).toBe(true);
  });

  it("or has one as the subject after an opening participial clause", () => {
    expect(opensWithSubjectNoun("Organisée par la Maison russe de Bamako, la manifestation a attiré plus de 12 000 visiteurs.")).toBe(true);
    expect(opensWithSubjectNoun("Inscrit au volet éducatif des discussions, le chantier est estimé à 1,9 milliard de FCFA.")).toBe(true);
  });

  it("or opens with someone's words about it", () => {
    expect(opensWithSubjectNoun("« Le Mali ne doit plus dépendre de cadres étrangers », a déclaré le ministre.")).toBe(true);
  });

  it("but not one whose subject is someone or something named ('Présidant la cérémonie, le secrétaire général…')", () => {
    expect(opensWithSubjectNoun("Présidant la cérémonie, le secrétaire général du ministère a rappelé que…")).toBe(false);
    expect(opensWithSubjectNoun("Le ministre a reçu le rapport.")).toBe(false);
    expect(opensWithSubjectNoun("Selon le directeur, la campagne durera trois mois.")).toBe(false);
  });
});
