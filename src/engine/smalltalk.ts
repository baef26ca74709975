/**
 * Small talk: greetings, thanks, goodbyes, "who are you". Recognised on
 * folded words, and only when nothing else is asked ("Bonjour, qui a conduit
 * la délégation ?" is a question, and greeting words are stopwords there).
 */

export type SmallTalkKind = "greeting" | "thanks" | "goodbye" | "identity" | "wellbeing";

const PATTERNS: Array<[SmallTalkKind, RegExp]> = [
  ["identity", /\b(qui es tu|tu es qui|t es qui|qui etes vous|vous etes qui|c quoi ce bot|cest quoi ce bot|tu es un (robot|bot|humain)|es tu un (robot|bot|humain)|tu sers a quoi|a quoi tu sers|tu peux faire quoi|que sais tu faire|que peux tu faire|tu fais quoi|aide|help|comment (ca|tu) marche)\b/],
  ["thanks", /\b((?:merci|thanks|thank you) (?:pour|de|for) (?:l |ton |ta |votre |vos |tes |la |les |the |your )?(?:aide|aider|help|info|infos|information|informations|reponse|reponses|answer|answers)|merci|mersi|thanks|thank you|barka|a ni ce|i ni ce|aw ni ce|nice|super|parfait|genial|cool|top|ok|okay|dac|d accord|bien recu)\b/],
  ["goodbye", /\b(au revoir|a bientot|a plus|bye|bonne nuit|bonne journee|bonne soiree|ciao|tchao|k an ben)\b/],
  ["wellbeing", /\b(ca va|cava|comment vas tu|comment allez vous|tu vas bien|la forme|i ka kene|i ka kenε|tana)\b/],
  ["greeting", /\b(bonjour|bonsoir|salut|coucou|hello|hi|hey|yo|salam|salamalekoum|salamalaykoum|assalamou|assalam|alaikoum|alaykoum|aleykoum|alaykum|alaikum|i ni sogoma|i ni wula|i ni su|aw ni sogoma|bjr|slt)\b/],
];

/** Each pattern with its global twin, built once: the twin removes every occurrence (replace starts it afresh each time). */
const PATTERNS_EVERYWHERE = PATTERNS.map(([kind, pattern]) => [kind, pattern, new RegExp(pattern.source, "g")] as const);

/** Words that may surround small talk without making it a question. */
const FILLER = new Set(
  "a bot robot le la les mon ma mes cher chere ami amie tout tous toi vous beaucoup bien tres et aussi encore oui non ok e merci bonjour salut frere soeur boss chef monsieur madame ca va bonne journee soiree nuit wa rahmatoullah rahmatullah wabarakatouh barakatouh wallahi inchallah allah he eh".split(" "),
);

export function detectSmallTalk(foldedWords: readonly string[], isStopword: (w: string) => boolean): SmallTalkKind | undefined {
  const text = ` ${foldedWords.join(" ")} `;
  let kind: SmallTalkKind | undefined;
  let rest = text;
  for (const [k, pattern, everywhere] of PATTERNS_EVERYWHERE) {
    if (pattern.test(rest)) {
      kind ??= k;
      rest = rest.replace(everywhere, " ");
    }
  }
  if (!kind) return undefined;
  const leftover = rest.split(" ").filter((w) => w && !FILLER.has(w) && !isStopword(w));
  return leftover.length === 0 ? kind : undefined;
}

export const SMALL_TALK_REPLIES: Record<SmallTalkKind, string> = {
  greeting:
    "Bonjour ! Je réponds à vos questions sur la visite de la délégation russe conduite par Sergei Tsivilev à Bamako, le 28 juillet 2025, en citant l’article d’Info Matin. Posez votre question, par exemple : « Qui a accueilli la délégation ? »",
  thanks: "Avec plaisir ! N’hésitez pas si vous avez une autre question sur la visite de la délégation russe.",
  goodbye: "Au revoir, et merci ! Revenez quand vous voulez pour d’autres questions sur la visite.",
  identity:
    "Je suis un bot d’information : je réponds, en français, aux questions sur la visite de la délégation russe conduite par Sergei Tsivilev à Bamako (28 juillet 2025), et je cite à chaque fois l’extrait de l’article d’Info Matin d’où vient la réponse.",
  wellbeing: "Ça va bien, merci ! Que voulez-vous savoir sur la visite de la délégation russe à Bamako ?",
};
