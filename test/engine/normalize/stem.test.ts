import { describe, expect, it } from "vitest";
import { stemFrench } from "../../../src/engine/normalize/stem.ts";
import { foldText } from "../../../src/engine/normalize/text.ts";

/** The stemmer works on folded words, as the analyzer feeds it. */
const stem = (word: string) => stemFrench(foldText(word));

function expectSameStem(...forms: string[]) {
  const stems = forms.map(stem);
  expect(new Set(stems), `${forms.join(" / ")} → ${stems.join(" / ")}`).toHaveProperty("size", 1);
}

describe("stemFrench", () => {
  it("conflates singular and plural", () => {
    expectSameStem("russe", "russes");
    expectSameStem("délégation", "délégations");
    expectSameStem("entreprise", "entreprises");
    expectSameStem("personne", "personnes");
    expectSameStem("ressource", "ressources");
    expectSameStem("projet", "projets");
  });

  it("conflates -al / -aux plurals", () => {
    expectSameStem("général", "généraux");
    expectSameStem("régional", "régionaux");
  });

  it("conflates masculine, feminine and their plurals", () => {
    expectSameStem("malien", "malienne", "maliens", "maliennes");
    expectSameStem("nigérien", "nigérienne");
    expectSameStem("nucléaire", "nucléaires");
    expectSameStem("régional", "régionale");
    expectSameStem("accueilli", "accueillie", "accueillis");
  });

  it("conflates common verb forms", () => {
    expectSameStem("dirige", "dirigeait", "diriger", "dirigé", "dirigée");
    expectSameStem("discuter", "discuté", "discutaient");
  });

  it("conflates nouns made from verbs with their verb", () => {
    expectSameStem("signature", "signer", "signé", "signés");
    expectSameStem("construction", "construire", "construit", "constructions");
    expectSameStem("production", "produire", "produits");
    expectSameStem("discussion", "discuter", "discussions");
    expectSameStem("proposition", "proposer", "proposé");
    expectSameStem("présence", "présent", "présents", "présentes");
    expectSameStem("fourniture", "fournir");
    expectSameStem("terrorisme", "terroriste", "terroristes");
    expectSameStem("séparatisme", "séparatistes");
  });

  it("keeps different words apart", () => {
    expect(stem("russe")).not.toBe(stem("nucléaire"));
    expect(stem("énergie")).not.toBe(stem("nucléaire"));
    expect(stem("niamey")).not.toBe(stem("bamako"));
  });

  it("leaves short words untouched", () => {
    for (const w of ["or", "ou", "de", "aes", "fama", "vol", "mali", "rao", "gaz", "prix"]) expect(stemFrench(w)).toBe(w);
  });

  it("leaves numbers and words with digits untouched", () => {
    for (const w of ["60", "2025", "28", "2024s", "covid19", "g5sahel"]) expect(stemFrench(w)).toBe(w);
  });

  it("never shortens a word below four letters", () => {
    for (const w of ["ainsi", "russes", "entre", "aussi", "notre", "carte", "ville", "mines", "maliens"]) {
      expect(stemFrench(w).length).toBeGreaterThanOrEqual(4);
    }
  });

  it("gives names the same stem whatever their inflection-like ending", () => {
    expect(stemFrench("tsivilev")).toBe("tsivilev");
    expect(stemFrench("rosatom")).toBe("rosatom");
    expect(stemFrench("sberbank")).toBe("sberbank");
  });
});
