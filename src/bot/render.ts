import { InlineKeyboard } from "grammy";
import type { Answer, Citation } from "../engine/answer.ts";
import { citationLine } from "../engine/render-text.ts";
import { escapeHtml } from "../common/html.ts";
import { STOPWORDS } from "../engine/normalize/french.ts";
import { foldText } from "../engine/normalize/text.ts";
import { askButton, feedbackButton } from "./callback-data.ts";

export { escapeHtml };

/** Excerpts longer than this fold into an expandable quote: the answer stays on one phone screen. */
export const EXPANDABLE_QUOTE_FROM = 200;
/** A short answer whose words the excerpts already hold to this share adds nothing: it is left out. */
const REDUNDANT_SHARE = 0.8;

function renderCitation(c: Citation): string {
  const open = c.quote.length > EXPANDABLE_QUOTE_FROM ? "<blockquote expandable>" : "<blockquote>";
  return `${open}« ${escapeHtml(c.quote)} »</blockquote>\n<i>${escapeHtml(citationLine(c))}</i>`;
}

const contentWords = (text: string) => (foldText(text).match(/[a-z0-9]{4,}/g) ?? []).filter((w) => !STOPWORDS.has(w));

/** Whether the excerpts already say what the short answer says (then it only repeats them on a small screen). */
export function repeatsTheExcerpts(answer: Answer): boolean {
  const words = contentWords(answer.text);
  if (words.length === 0 || answer.citations.length === 0) return false;
  const quoted = new Set(answer.citations.flatMap((c) => contentWords(c.quote)));
  return words.filter((w) => quoted.has(w)).length / words.length >= REDUNDANT_SHARE;
}

/**
 * Telegram HTML for an Answer: the short answer when it adds something to the excerpts, then each excerpt in a
 * blockquote (expandable when long) with its citation line.
 */
export function renderAnswerHtml(answer: Answer): string {
  const parts = answer.answered && repeatsTheExcerpts(answer) ? [] : [escapeHtml(answer.text)];
  for (const c of answer.citations) parts.push(renderCitation(c));
  return parts.join("\n\n");
}

/**
 * Buttons under a reply: the suggested questions, when the engine offers some (each remembering the logged
 * question it was offered for), and 👍 / 👎 under an answer when the question was logged.
 */
export function suggestionKeyboard(suggestions: Array<{ question: string; faqId: string }>, loggedId?: string, feedback = false): InlineKeyboard | undefined {
  if (suggestions.length === 0 && !(feedback && loggedId)) return undefined;
  const keyboard = new InlineKeyboard();
  for (const s of suggestions) keyboard.text(buttonLabel(s.question), askButton(s.faqId, loggedId)).row();
  if (feedback && loggedId) keyboard.text("👍", feedbackButton(loggedId, "up")).text("👎", feedbackButton(loggedId, "down"));
  return keyboard;
}

/** Telegram shows about 60 characters of a button comfortably. */
export function buttonLabel(question: string): string {
  // Counted in code points, so an emoji is never cut in half.
  const chars = Array.from(question);
  return chars.length <= 60 ? question : `${chars.slice(0, 57).join("").trimEnd()}…`;
}
