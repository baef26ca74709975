/**
 * General French (not domain) word lists, written folded: lowercase, no
 * accents, as produced by foldText. Domain synonyms and name spellings live
 * in knowledge/lexicon.yaml instead, where curators can edit them.
 */

/**
 * Word lists are looked up with words people type: a Map, never a plain object, whose
 * prototype would answer "constructor" or "__proto__" with a function.
 */
function lookup(entries: Record<string, string>): ReadonlyMap<string, string> {
  return new Map(Object.entries(entries));
}

/** SMS and chat spellings → standard spelling (folded). */
export const SMS_SPELLINGS: ReadonlyMap<string, string> = lookup({
  ki: "qui", kii: "qui", qi: "qui",
  koi: "quoi", kwa: "quoi", koa: "quoi",
  ke: "que", k: "que", kes: "quest", keske: "quest",
  kel: "quel", kelle: "quelle", kels: "quels", kelles: "quelles", ql: "quel", qel: "quel",
  pk: "pourquoi", pq: "pourquoi", pkoi: "pourquoi", pourkoi: "pourquoi", prq: "pourquoi",
  cb: "combien", cmb: "combien", cbn: "combien", konbien: "combien", kombien: "combien",
  kan: "quand", kand: "quand", qd: "quand", qnd: "quand",
  koman: "comment", kom: "comment", cmt: "comment", cmnt: "comment", komen: "comment",
  c: "cest", ct: "cetait", cetai: "cetait",
  ds: "dans", pr: "pour", pa: "pas", ac: "avec", avc: "avec", ms: "mais", tt: "tout", ts: "tous",
  bcp: "beaucoup", tjr: "toujours", tjrs: "toujours", qlq: "quelque", qq: "quelque",
  ya: "ya", y: "y", jsp: "sais", chui: "suis", jsui: "suis",
  slt: "salut", bjr: "bonjour", bsr: "bonsoir", cc: "coucou",
  mrc: "merci", mci: "merci", mrci: "merci", thx: "merci", tnx: "merci",
  svp: "svp", stp: "svp", sil: "svp",
  st: "sont", sont: "sont", yavait: "y avait", yavai: "y avait", yaura: "y aura", fesait: "faisait", fesai: "faisait",
  ecri: "ecrit", etai: "etait", etaien: "etaient", avai: "avait", fai: "fait", di: "dit", mm: "meme",
  dla: "de la", dl: "de l", jcrois: "crois", nn: "non", oki: "ok", vs: "vous", bn: "bien", bi1: "bien",
  fr: "faire", fe: "fait", avan: "avant", avt: "avant", grp: "groupe", ns: "nous", nou: "nous", veul: "veulent", kelk: "quelque", kelke: "quelque",
  // "1" alone is the SMS article ("1 compagnie"); numbers that matter in the article have more digits.
  "1": "un",
  intergouv: "intergouvernementale", tjs: "toujours", dc: "donc", ptet: "peut",
  dlg: "delegation", deleg: "delegation", gvt: "gouvernement", gouv: "gouvernement",
  rdv: "rendez", infos: "informations", info: "information",
});

/**
 * Numbers written in words read as the article writes them: "soixante
 * personnes" is its "60 personnes", "le troisième objectif" its "3.".
 * Small cardinals are left alone (and are stopwords): "les trois objectifs"
 * asks for all three, not for the third. ("un"/"premier" are mostly
 * articles and adjectives.)
 */
export const NUMBER_WORDS: ReadonlyMap<string, string> = lookup({
  vingt: "20", trente: "30", quarante: "40", cinquante: "50", soixante: "60", cent: "100", mille: "1000",
  deuxieme: "2", second: "2", seconde: "2", troisieme: "3", quatrieme: "4",
});

/**
 * Question words are stopwords for matching passages, but they say what kind
 * of fact is asked; they become intent markers that FAQ phrasings carry too.
 */
export const QUESTION_INTENTS: ReadonlyMap<string, string> = lookup({
  qui: "?qui",
  quand: "?quand",
  combien: "?combien",
  pourquoi: "?pourquoi",
  comment: "?comment",
  ouintent: "?ou",
});

// "or" is not here: in questions it is the metal (gold), not the conjunction.
const STOPWORD_LIST = `
a à ai aie aient aies ait al alors as au aucun aucune aujourd aupres aura aurai auraient aurais aurait auras aurez auriez aurions aurons auront aussi autre autres aux avaient avais avait avant avec avez aviez avoir avons ayant ayez ayons
b bah ben bien bon bonne c ca car ce ceci cela celle celles celui cependant certain certaine certaines certains ces cest cet cetait cette ceux chaque chez ci comme d dans de des donc dont du
e elle elles en encore es est et etaient etais etait etant ete etes etiez etions etre eu eue eues eurent eus eusse eut eux f fait faites fais faisait faire fut g h hein i il ils j je jusqu jusque l la laquelle le lequel les lesquelles lesquels leur leurs lui m ma mais me meme memes mes moi mon n ne ni non nos notre nous o on ont ou oui p par parce pas peu peut peuvent peux plus pour pourquoi pouvait pu puis puisqu puisque q qu quand que quel quelle quelles quels quest qui quoi quoique r s sa sans se sera serai seraient serais serait seras serez seriez serions serons seront ses si sien soi soit sommes son sont sous soyez soyons suis sur t ta te tes toi ton tous tout toute toutes tres tu u un une unes uns v va vais vas vers voici voila vont vos votre vous vu w x y ya z
combien comment
svp merci stp sil plait please
dire dis dit dites savoir sais sait connais connait connaitre voudrais voudrait veux veut aimerais aimerait souhaite souhaiterais
expliquer explique expliquez explication parler parle parlez renseigner renseigne informer informe information informations
moi toi me nous vous svp bonjour bonsoir salut coucou hello hey
salam salamalekoum salamalaykoum assalam assalamou assalamu alaykoum aleykoum alaikoum alaykum aleikoum alaikum wa
rahmatoullah rahmatullah wabarakatouh barakatouh wallahi wallah walahi wallay inchallah inchalla inch incha allah bismillah hamdoulillah alhamdoulillah machallah mashallah
he eh oh ah ha ho euh heu hum hmm hmmm ok okay dac alors tiens ecoute ecoutez
article texte selon apres avant lors cet quelqu quelque chose choses truc trucs genre
exactement vraiment precisement precis rapidement bref concretement finalement deja aussi juste seulement egalement notamment surtout
voulais voulions voudrions pouvez pourriez pourrais pouvais pourrait pourraient pourra pourront pouvait pouvaient
obligeance gre saurais saurait permettez permets enquerir instruire desire desirerais desirerait ladite ledit lesdits lesdites prie prions
reconnaissant reconnaissante mesure monsieur madame mademoiselle messieurs exposer expliciter lieu grosses confirmer confirme confirmez confirmes confirmation exact exacte correct correcte
donnez donner indiquer indiquez indique preciser precisez precise rappeler rappelez eclairer eclairez lu entendre
serieux serieuse serieusement reel reelle reellement realiste credible sauriez savez saviez connaissez connaitriez verifier verifie demande demander demandais possible
sein histoire histoires affaire sujet question questions parait semble bas part cote appelle appellent appele nom nomme
avait avaient aura auront faut fallait
franchement frere freres soeur gars vrai vraie verite lot vois voit voir partout fin parait dirait entendu
expose exposes devoir devoirs memoire rien nul nulle radio radios rfi ortm tele television facebook whatsapp tiktok youtube twitter internet sociaux crois croire croit croient doute trop
laba ici abord rumeur rumeurs faux fausse actu actualite oncle tante tonton tantie cousin cousine papa maman pere mere voisin voisine ami amie amis
entend entendu dit dire raconte racontent paraitrait vraiment reellement
pendant durant depuis toujours jamais nouveau nouvel nouvelle nouveaux nouvelles gros grosse grand grande petit petite petits petites prendre prend prennent mettre met donner donne aller va vont allait
etait etaient etre ete est sont a ont avait avaient
est-ce estce esque eske
`;

/**
 * Frame words of formal questions: "quelle est la nature des sociétés…",
 * "la teneur du mémorandum", "les modalités de…", "quelle escale a-t-elle
 * effectuée", "quel rôle l'article attribue-t-il à…" ask about what follows
 * them, not about a nature, a content or a verb. Kept as content, they look like
 * the very fact asked and the question is refused as unanswerable.
 */
const FRAME_WORDS = `
deux trois quatre cinq six sept huit neuf dix role roles joue jouer jouent jouait
nature teneur contenu contenus detail details contours modalites aspect aspects type types genre genres sorte sortes
liste identite element elements precision precisions consiste consistait consistent agit agissait agissaient
position positions activite activites reference references referer refere effectuer effectue effectuee effectues effectuees effectuait proceder procede
attribuer attribue attribuent relater relate relatent souligner souligne soulignent affirmer affirme affirment decrire decrit decrivent
qualifier qualifie qualifient signaler signale signalent caracteriser caracterise caracterisent revet revetir revetent nommement
retenir retenu retenus retenue retenues prevoir prevoit prevoient prevu prevue prevus prevues moyen moyens occasion uniquement exclusivement
`;

export const STOPWORDS: ReadonlySet<string> = new Set(
  `${STOPWORD_LIST} ${FRAME_WORDS}`.normalize("NFD").replace(/\p{M}+/gu, "").split(/\s+/).filter(Boolean),
);

/** Stopwords that still make a question about the visit specific (before/after, only, presence, side). */
export const SPECIFYING_WORDS: ReadonlySet<string> = new Set(["avant", "apres", "deja", "encore", "que", "seul", "seuls", "seulement", "uniquement", "exclusivement", "cote", "y", "ya", "autre", "autres", "pas", "non", "ni", "sans"]);

/** Month names, folded, as a regular-expression alternation (dates in questions and in excerpts). */
export const MONTH_ALTERNATION = "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre";
