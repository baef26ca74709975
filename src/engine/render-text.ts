import type { Answer, Citation } from "./answer.ts";

/** "— Info Matin, El Hadj Sambi Touré, §2": the citation line under every excerpt. */
export function citationLine(c: Citation): string {
  return `— ${c.outlet}, ${c.author}, §${c.paragraph}`;
}

/** The reply as plain text, as a user reads it: answer, excerpts with their source, suggestions. */
export function renderPlainText(answer: Answer): string {
  const lines = [answer.text];
  for (const c of answer.citations) lines.push("", `« ${c.quote} »`, citationLine(c));
  if (answer.suggestions.length > 0) {
    lines.push("");
    for (const s of answer.suggestions) lines.push(`• ${s}`);
  }
  return lines.join("\n");
}
