import { InlineKeyboard } from "grammy";
import type { Answer, Citation } from "../engine/answer.ts";
import { citationLine } from "../engine/render-text.ts";
import { escapeHtml } from "../common/html.ts";
import { askButton } from "./callback-data.ts";

export { escapeHtml };

function renderCitation(c: Citation): string {
  return `<blockquote>« ${escapeHtml(c.quote)} »</blockquote>\n<i>${escapeHtml(citationLine(c))}</i>`;
}

/** Telegram HTML for an Answer: the short answer, then each excerpt in a blockquote with its citation line. */
export function renderAnswerHtml(answer: Answer): string {
  const parts = [escapeHtml(answer.text)];
  for (const c of answer.citations) parts.push(renderCitation(c));
  return parts.join("\n\n");
}

/** Buttons for the suggested questions, when the engine offers some. */
export function suggestionKeyboard(suggestions: Array<{ question: string; faqId: string }>): InlineKeyboard | undefined {
  if (suggestions.length === 0) return undefined;
  const keyboard = new InlineKeyboard();
  for (const s of suggestions) keyboard.text(buttonLabel(s.question), askButton(s.faqId)).row();
  return keyboard;
}

/** Telegram shows about 60 characters of a button comfortably. */
export function buttonLabel(question: string): string {
  // Counted in code points, so an emoji is never cut in half.
  const chars = Array.from(question);
  return chars.length <= 60 ? question : `${chars.slice(0, 57).join("").trimEnd()}…`;
}
