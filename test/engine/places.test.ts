import { describe, expect, it } from "vitest";
import { placesNamedIn } from "../../src/engine/places.ts";

describe("the places the sources name", () => {
  it("are the names after a preposition of place, lists included", () => {
    const places = placesNamedIn(["Le convoi dessert des villages autour de Goundam, Niafunké, Diré et Léré.", "Les bus relient le centre-ville à Kalaban-Coro et arrivent au port de Conakry."]);
    expect([...places].sort()).toEqual(["conakry", "dire", "goundam", "kalaban-coro", "lere", "niafunke"]);
  });

  it("are not bodies, acronyms, months or common words in capitals", () => {
    const common = new Set(["centre", "palais"]);
    const places = placesNamedIn(["Réunis au Centre international de conférences, à Bamako, en FCFA, le 5 Juillet, à l'Agence russe de médecine."], (w) => common.has(w));
    expect([...places]).toEqual(["bamako"]);
  });
});
