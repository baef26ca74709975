/**
 * Synthetic knowledge for scale benchmarks: realistic French news sentences
 * recombined from the article's own clauses and a generic news vocabulary,
 * with random names, places and numbers. A seeded PRNG makes every run build
 * exactly the same corpus.
 */
import { seededRandom } from "../../test/support/prng.ts";
import type { Knowledge, Paragraph, Source } from "../../src/engine/knowledge/types.ts";
import { derivePassages } from "../../src/engine/knowledge/passages.ts";

/** mulberry32, shared with the tests' generated variants. Returns floats in [0, 1). */
export const prng = seededRandom;

const FIRST_NAMES = [
  "Amadou", "Moussa", "Fatoumata", "Aminata", "Oumar", "Ibrahim", "Mariam", "Seydou", "Boubacar", "Awa", "Issa", "Kadiatou",
  "Mamadou", "Hawa", "Sékou", "Salif", "Djénéba", "Modibo", "Assétou", "Yacouba", "Dmitri", "Olga", "Sergueï", "Natalia",
  "Igor", "Anna", "Alexeï", "Irina", "Pierre", "Claire", "Jean", "Sophie", "Karim", "Nadia", "Abdoulaye", "Rokia",
];
const LAST_NAMES = [
  "Traoré", "Keïta", "Coulibaly", "Diarra", "Touré", "Konaté", "Sissoko", "Dembélé", "Cissé", "Maïga", "Sangaré", "Diallo",
  "Kouyaté", "Doumbia", "Sidibé", "Bagayoko", "Samaké", "Kanté", "Ivanov", "Petrov", "Smirnov", "Volkov", "Sokolov", "Popov",
  "Lebedev", "Kozlov", "Novikov", "Morozov", "Martin", "Bernard", "Dubois", "Lefèvre", "Ouédraogo", "Kaboré", "Issoufou", "Mahamadou",
];
const CITIES = [
  "Bamako", "Kayes", "Sikasso", "Ségou", "Mopti", "Tombouctou", "Gao", "Kidal", "Koulikoro", "Kita", "Niamey", "Ouagadougou",
  "Moscou", "Saint-Pétersbourg", "Dakar", "Abidjan", "Conakry", "Nouakchott", "Zinder", "Bobo-Dioulasso", "Kazan", "Sotchi",
];
const SECTORS = [
  "l’énergie solaire", "l’agriculture irriguée", "l’éducation technique", "la santé publique", "les transports ferroviaires",
  "l’exploitation minière", "la sécurité alimentaire", "le numérique", "l’eau potable", "l’industrie légère", "la formation professionnelle",
  "les télécommunications", "la recherche scientifique", "le commerce extérieur", "les infrastructures routières", "l’hydroélectricité",
  "la défense aérienne", "la gestion des déchets", "le tourisme", "la pêche", "l’élevage", "la microfinance",
];
const ROLES = [
  "le ministre de l’Économie", "la ministre des Transports", "le ministre de l’Énergie et de l’Eau", "le gouverneur de la région",
  "le directeur général", "la porte-parole du gouvernement", "le président de la chambre de commerce", "l’ambassadeur",
  "le conseiller technique", "la secrétaire générale", "le chef de mission", "le représentant résident", "le maire de la commune",
  "le président du conseil régional", "la directrice de l’agence nationale", "le coordinateur du projet",
];
const VERBS = [
  "a annoncé", "a signé", "a inauguré", "a présenté", "a évoqué", "a salué", "a confirmé", "a lancé", "a défendu", "a détaillé",
  "a présidé", "a examiné", "a validé", "a critiqué", "a soutenu",
];
const OBJECTS = [
  "un accord de coopération dans le domaine de {sector}",
  "un projet de centrale solaire de {n} mégawatts",
  "un programme de formation destiné à {n} jeunes techniciens",
  "la réhabilitation de {n} kilomètres de route entre {city} et {city}",
  "un mémorandum d’entente sur {sector}",
  "un financement de {n} milliards de francs CFA",
  "la construction d’un nouveau marché couvert",
  "un plan d’urgence pour {sector}",
  "la création d’une zone industrielle près de {city}",
  "un partenariat avec l’entreprise {org}",
  "le bilan annuel de {org}",
  "une feuille de route pour {sector}",
  "la livraison de {n} tonnes d’engrais",
  "l’ouverture d’un centre de formation à {city}",
];
const CLAUSES = [
  "la coopération entre les deux pays reste une priorité",
  "les travaux devraient débuter avant la fin de l’année {year}",
  "les populations attendent des résultats concrets",
  "le calendrier sera précisé lors de la prochaine réunion",
  "les financements sont déjà mobilisés à hauteur de {p} %",
  "des experts seront déployés sur le terrain dès le mois prochain",
  "la transparence sera assurée à chaque étape du projet",
  "le projet créera près de {n} emplois directs",
  "les partenaires se retrouveront à {city} en {month}",
  "les prix à la consommation ont augmenté de {p} % en un an",
  "la saison des pluies a retardé plusieurs chantiers",
  "les autorités locales ont été associées aux consultations",
];
const SOURCES = [
  "le ministère des Finances", "l’Institut national de la statistique", "un communiqué officiel", "la chambre de commerce",
  "des sources diplomatiques", "le rapport annuel de la banque centrale", "l’agence de presse nationale", "les services des douanes",
];
const PRODUCTS = ["coton", "or", "riz", "mil", "bétail", "ciment", "carburant", "engrais", "mangues", "karité", "sésame", "gomme arabique"];
const UNITS = ["tonnes", "milliers de tonnes", "conteneurs", "lots", "cargaisons"];
const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
const WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const ADJECTIVES = ["important", "ambitieux", "décisif", "régional", "stratégique", "attendu", "controversé", "prometteur", "durable", "coûteux"];
const NOUNS = ["rencontre", "cérémonie", "réunion", "conférence", "visite", "séance de travail", "table ronde", "mission", "audience", "session"];
const SYLLABLES = ["ka", "ma", "so", "ri", "ba", "lo", "ni", "ta", "ko", "fa", "du", "se", "mo", "ra", "vi", "na", "te", "ga"];
const ORG_KINDS = ["Énergie", "Mines", "Transport", "Télécom", "Agro", "Industries", "Finance", "Construction", "Logistique", "Santé"];

/** Article clauses, with sentence punctuation removed so that each recombined sentence stays one passage. */
function articleClauses(base: Knowledge): string[] {
  const out: string[] = [];
  for (const p of base.passages) {
    for (const clause of p.text.split(/,\s+|\s+:\s+|;\s+/)) {
      const clean = clause
        .replace(/[.!?…]+(\s+|$)/g, " ")
        .replace(/^\d+\s+/, "")
        .trim();
      if (clean.split(/\s+/).length >= 4) out.push(clean);
    }
  }
  return out;
}

export class FrenchNewsGenerator {
  private readonly random: () => number;
  private readonly clauses: string[];

  constructor(base: Knowledge, seed: number) {
    this.random = prng(seed);
    this.clauses = articleClauses(base);
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)] as T;
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  /** An invented proper noun: the open-ended part of a real corpus's vocabulary (Heaps' law). */
  private invented(): string {
    const n = this.int(2, 4);
    let word = "";
    for (let i = 0; i < n; i++) word += this.pick(SYLLABLES);
    return word.charAt(0).toUpperCase() + word.slice(1);
  }

  private name(): string {
    const last = this.random() < 0.2 ? this.invented() : this.pick(LAST_NAMES);
    return `${this.pick(FIRST_NAMES)} ${last}`;
  }

  private org(): string {
    return this.random() < 0.5 ? `${this.invented()} ${this.pick(ORG_KINDS)}` : this.pick(["Rosatom", "Sberbank", "Kamaz", "Inter RAO", "Roskosmos", "EDM", "la SOTELMA", "la CMDT"]);
  }

  private fill(template: string): string {
    return template.replace(/\{(\w+)\}/g, (_, key: string) => {
      switch (key) {
        case "sector":
          return this.pick(SECTORS);
        case "n":
          return String(this.int(2, 9000));
        case "p":
          return String(this.int(1, 95));
        case "city":
          return this.pick(CITIES);
        case "org":
          return this.org();
        case "year":
          return String(this.int(2023, 2028));
        case "month":
          return this.pick(MONTHS);
        default:
          return key;
      }
    });
  }

  private time(): string {
    switch (this.int(0, 3)) {
      case 0:
        return `Le ${this.pick(WEEKDAYS)} ${this.int(1, 28)} ${this.pick(MONTHS)} ${this.int(2024, 2026)}`;
      case 1:
        return "La semaine dernière";
      case 2:
        return `Au cours du ${this.pick(["premier", "deuxième", "troisième", "quatrième"])} trimestre ${this.int(2024, 2026)}`;
      default:
        return `Lors d’une ${this.pick(NOUNS)} ${this.pick(ADJECTIVES)}`;
    }
  }

  /** One sentence, starting with a capital and ending with a full stop. */
  sentence(): string {
    let s: string;
    switch (this.int(0, 8)) {
      case 0:
        s = `${this.time()}, ${this.pick(ROLES)} ${this.name()} ${this.pick(VERBS)} ${this.fill(this.pick(OBJECTS))} à ${this.pick(CITIES)}`;
        break;
      case 1:
        s = `Selon ${this.pick(SOURCES)}, ${this.int(2, 900)} ${this.pick(UNITS)} de ${this.pick(PRODUCTS)} ont été exportés vers ${this.pick(CITIES)} depuis le début de l’année`;
        break;
      case 2:
        s = `Les discussions ont porté sur ${this.pick(SECTORS)}, ${this.pick(SECTORS)} et ${this.pick(SECTORS)}, a indiqué ${this.name()}`;
        break;
      case 3:
        s = `La délégation conduite par ${this.name()} a rencontré les représentants de ${this.org()} pour évoquer ${this.fill(this.pick(OBJECTS))}`;
        break;
      case 4:
        s = `Le montant total du projet est estimé à ${this.int(2, 900)} milliards de francs CFA, dont ${this.int(5, 95)} % financés par ${this.org()}`;
        break;
      case 5:
        s = `À ${this.pick(CITIES)}, ${this.int(20, 5000)} personnes ont participé à la ${this.pick(NOUNS)} organisée par ${this.org()} sur ${this.pick(SECTORS)}`;
        break;
      case 6:
        s = `${this.name()}, ${this.pick(ROLES)}, a rappelé que ${this.fill(this.pick(CLAUSES))}`;
        break;
      default: {
        // Two or three clauses of the article recombined, with a name or place swapped in: the hardest case for the index.
        const parts = [this.pick(this.clauses), this.pick(this.clauses)];
        if (this.random() < 0.5) parts.push(this.fill(this.pick(CLAUSES)));
        if (this.random() < 0.5) parts.push(`selon ${this.name()}`);
        s = parts.join(", ");
      }
    }
    s = s.trim();
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  }

  title(): string {
    return `${this.pick(NOUNS).replace(/^./, (c) => c.toUpperCase())} ${this.pick(ADJECTIVES)} à ${this.pick(CITIES)}`;
  }

  /** An update Source of `paragraphs` paragraphs of `sentences` sentences each. */
  update(id: string, paragraphs: number, sentences: number): Source {
    const paras: Paragraph[] = [];
    for (let i = 0; i < paragraphs; i++) {
      const text = Array.from({ length: sentences }, () => this.sentence()).join(" ");
      paras.push({ number: i + 1, text, isBoilerplate: false });
    }
    const day = String(this.int(1, 28)).padStart(2, "0");
    const month = String(this.int(1, 12)).padStart(2, "0");
    return {
      id,
      kind: "update",
      title: this.title(),
      outlet: this.pick(["Info Matin", "L’Essor", "Le Républicain", "Mali Tribune", "Studio Tamani"]),
      author: this.name().toUpperCase(),
      date: `2025-${month}-${day}`,
      file: `updates/${id}.md`,
      paragraphs: paras,
    };
  }
}

/**
 * The real knowledge plus `extraPassages` synthetic passages, carried by
 * update sources of 100 sentences each (20 paragraphs of 5) so that passages
 * derive as they do on load.
 */
export function syntheticKnowledge(base: Knowledge, extraPassages: number, seed = 42): Knowledge {
  const generator = new FrenchNewsGenerator(base, seed);
  const sources: Source[] = [];
  const passages = [];
  for (let i = 0; passages.length < extraPassages; i++) {
    const source = generator.update(`synthetique-${String(i).padStart(5, "0")}`, 20, 5);
    sources.push(source);
    passages.push(...derivePassages(source));
  }
  passages.length = extraPassages;
  return { ...base, sources: [...base.sources, ...sources], passages: [...base.passages, ...passages] };
}

/** A copy of `items` in a seeded random order (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = prng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
