import type { Source } from "../engine/knowledge/types.ts";
import { frenchDate } from "../common/french-date.ts";
import { escapeHtml } from "../common/html.ts";

/** Telegram's limit for one message. */
const MAX_MESSAGE = 4096;

/** The message subscribers receive for an update: title, text, source line, link if any, within one Telegram message. */
export function renderUpdateHtml(update: Source): string {
  const head = `<b>Nouvelle information sur la visite</b>\n<b>${escapeHtml(update.title)}</b>\n\n`;
  const link = update.url ? `\n<a href="${escapeHtml(update.url)}">Lire la source</a>` : "";
  const tail = `\n\n<i>— ${escapeHtml(update.outlet)}, ${escapeHtml(update.author)}, ${frenchDate(update.date)}</i>${link}\n\nPosez-moi vos questions à ce sujet. /desabonner pour ne plus recevoir ces messages.`;
  const paragraphs = update.paragraphs.map((p) => escapeHtml(p.text));
  let body = paragraphs.join("\n\n");
  const room = MAX_MESSAGE - head.length - tail.length;
  if (body.length > room) {
    // Cut at a paragraph or word boundary, never inside an HTML entity.
    body = body.slice(0, room - 1).replace(/&[a-z]*$/, "").replace(/\s+\S*$/, "");
    body = `${body}…`;
  }
  return head + body + tail;
}
