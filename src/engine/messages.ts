import { frenchDate } from "../common/french-date.ts";
import type { AskedKind } from "./asked-kind.ts";

/** Every French sentence the engine writes, in one place so that tone and wording stay consistent. */

const SCOPE = "la visite de la délégation russe conduite par Sergei Tsivilev à Bamako (28 juillet 2025)";

/** How an answer from the passages names where it comes from: the article, or an update and its date. */
export const passageIntro = (source: { kind: "article" | "update"; outlet: string; author: string; date: string } | undefined, onlySource: boolean) => {
  if (!source || (source.kind === "article" && onlySource)) return "Voici ce que dit l’article à ce sujet :";
  if (source.kind === "article") return `Voici ce que dit l’article d’${source.outlet} du ${frenchDate(source.date)} à ce sujet :`;
  return `D’après la mise à jour du ${frenchDate(source.date)} (${source.outlet}, ${source.author}) :`;
};
export const empty = () => `Votre message est vide. Posez-moi une question sur ${SCOPE}.`;
export const noWords = () => `Je n’ai trouvé aucun mot dans votre message. Posez-moi une question en français sur ${SCOPE}.`;
export const otherScript = () =>
  `Je ne comprends que le français, écrit en lettres latines. Posez-moi une question sur ${SCOPE}, par exemple : « Qui a conduit la délégation ? »`;
/** The one English line before the French reply to a question asked in English. */
export const englishNote = (answered: boolean) =>
  answered ? "(Asked in English: here is the answer in French, quoted from the sources.)" : "(Asked in English: I answer in French, from the sources only.)";
export const tooLong = (length: number, max: number) =>
  `Votre message est trop long (${length} caractères ; ${max} au plus). Posez une question courte, par exemple : « Qui a accueilli la délégation ? »`;
export const notAQuestion = () =>
  `Je n’ai pas reconnu de question dans ce message (des symboles ou du code ?). Posez-moi une question avec des mots sur ${SCOPE}, par exemple : « Qui a conduit la délégation ? »`;
export const tooVague = () => "Pouvez-vous préciser votre question ? Voici des exemples de ce que je sais :";
/**
 * Who a refusal speaks of: the article alone, or, once updates are loaded, the sources (the article and the
 * updates published since). "L'article ne donne pas cette date" would be untrue of an update that might.
 */
export type Told = "article" | "sources";
const TELLER: Record<Told, { who: string; whom: string }> = {
  article: { who: "L’article", whom: "l’article" },
  sources: { who: "Les sources (l’article et ses mises à jour)", whom: "les sources" },
};
/** The verbs refusals use, in the third person plural: the sources are several. */
const PLURAL: Record<string, string> = { dit: "disent", donne: "donnent", rapporte: "rapportent", permet: "permettent" };
/** A verb of the singular, agreed with who tells ("ne dit rien" / "ne disent rien"). */
const agreed = (told: Told, verb: string) => (told === "sources" ? (PLURAL[verb] ?? verb) : verb);
const whatTheyTell = (told: Told) => `Voici ce qu’${told === "sources" ? "elles" : "il"} ${agreed(told, "permet")} de savoir :`;

export const offTopic = (told: Told = "article") =>
  `Je ne peux répondre qu’aux questions sur ${SCOPE}, à partir de l’article d’Info Matin${told === "sources" ? " et des mises à jour publiées depuis" : ""}. Voici des exemples de questions :`;
export const unsure = () => "Je ne suis pas sûr d’avoir compris. Vouliez-vous dire :";
/** A pronoun with several people before it ("il est ministre de quoi ?" after three names). */
export const whichOne = (names: string[], example: string) => {
  const listed = names.length > 1 ? `${names.slice(0, -1).join(", ")} ou ${names.at(-1)}` : (names[0] ?? "");
  return `Vous parlez de qui : ${listed} ? Posez la question avec son nom, par exemple : « ${example} »`;
};
export const notInArticle = (missing: string[], told: Told = "article") => {
  const words = [...new Set(missing)].slice(0, 3).map((w) => `« ${w} »`).join(", ");
  return `${TELLER[told].who} ne ${agreed(told, "dit")} rien à ce sujet (${words}) : je préfère ne pas répondre plutôt que d’inventer. ${whatTheyTell(told)}`;
};
export const partNotInArticle = (parts: string[], told: Told = "article") =>
  `Sur ${parts.map((p) => `« ${p.replace(/\s*\?$/, "")} »`).join(" et ")}, ${TELLER[told].whom} ne ${agreed(told, "dit")} rien.`;
/** A figure asked of one of several names that the sources only name together ("Mopti, Konna et Djenné"). */
export const onlyTogether = (name: string, names: string[], told: Told = "article") => {
  const listed = `${names.slice(0, -1).join(", ")} et ${names.at(-1) ?? ""}`;
  return `${TELLER[told].who} ne ${agreed(told, "donne")} pas ce chiffre pour ${name} seul : ${told === "sources" ? "elles nomment" : "il nomme"} ensemble ${listed}. Je préfère ne pas répondre plutôt que d’inventer. ${whatTheyTell(told)}`;
};
/** What is missing: the verb (in the singular) and what follows it. */
const WHAT_IS_MISSING: Record<AskedKind, [verb: string, rest: string]> = {
  date: ["donne", "pas cette date"],
  day: ["donne", "pas le jour"],
  since: ["dit", "pas depuis quand"],
  time: ["donne", "pas l’heure"],
  number: ["donne", "pas ce nombre"],
  amount: ["donne", "pas ce montant"],
  duration: ["donne", "pas cette durée"],
  place: ["dit", "pas où"],
  agent: ["dit", "pas qui"],
  cause: ["dit", "pas pourquoi"],
  event: ["dit", "pas à quelle occasion"],
  statement: ["rapporte", "pas de propos à ce sujet"],
  age: ["donne", "pas cet âge"],
};
export const kindNotInArticle = (kind: AskedKind, told: Told = "article") => {
  const [verb, rest] = WHAT_IS_MISSING[kind];
  return `${TELLER[told].who} ne ${agreed(told, verb)} ${rest} : je préfère ne pas répondre plutôt que d’inventer. ${whatTheyTell(told)}`;
};
