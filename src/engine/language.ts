/** English function words that French never uses as words of its own. */
const ENGLISH = new Set(
  "the what who whom whose where when why how which is are was were did does do of to in on with from about this that there visit visited led lead leader russian russians minister delegation's please tell me".split(" "),
);
const FRENCH_HINTS = new Set(
  "le la les de des du un une et est qui quoi quel quelle quand comment pourquoi ou dans pour avec sur a au aux ce cette c".split(" "),
);

/** True for a question written in English ("Who led the delegation?"), so the reply can say the bot speaks French. */
export function looksEnglish(foldedWords: string[]): boolean {
  let english = 0;
  let french = 0;
  for (const w of foldedWords) {
    if (ENGLISH.has(w)) english++;
    if (FRENCH_HINTS.has(w)) french++;
  }
  return english >= 2 && english > french * 2;
}
