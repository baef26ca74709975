/** Escapes text for Telegram's HTML parse mode: everything from users or knowledge goes through here. */
export function escapeHtml(text: string): string {
  // &quot; too: the same function escapes attribute values (href="…").
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
