import { describe, expect, it } from "vitest";
import { renderUpdateHtml } from "../../src/broadcast/render-update.ts";
import type { Source } from "../../src/engine/knowledge/types.ts";
import { parseTelegramHtml } from "../support/fake-bot-api.ts";

const MAX = 4096;

function update(overrides: Partial<Source> & { texts?: string[] } = {}): Source {
  const { texts = ["La délégation a signé un accord.", "Une seconde réunion aura lieu demain."], ...rest } = overrides;
  return {
    id: "accord-energie",
    kind: "update",
    title: "Accord sur l’énergie",
    outlet: "Info Matin",
    author: "Awa Traoré",
    date: "2025-07-29",
    file: "updates/accord-energie.md",
    paragraphs: texts.map((text, i) => ({ number: i + 1, text, isBoilerplate: false })),
    ...rest,
  };
}

/** What the subscriber reads: Telegram's parse of the HTML (throws like Telegram on bad HTML). */
const parsed = (html: string) => parseTelegramHtml(html);

describe("renderUpdateHtml", () => {
  it("shows the heading, title, every paragraph, the source line and how to unsubscribe", () => {
    const html = renderUpdateHtml(update());
    const { text, entities } = parsed(html);
    expect(text).toContain("Nouvelle information sur la visite");
    expect(text).toContain("Accord sur l’énergie");
    expect(text).toContain("La délégation a signé un accord.\n\nUne seconde réunion aura lieu demain.");
    expect(text).toContain("— Info Matin, Awa Traoré, 29 juillet 2025");
    expect(text).toContain("/desabonner");
    expect(entities.filter((e) => e.type === "bold").map((e) => text.slice(e.offset, e.offset + e.length))).toEqual([
      "Nouvelle information sur la visite",
      "Accord sur l’énergie",
    ]);
    expect(entities.some((e) => e.type === "text_link")).toBe(false);
    expect(html).not.toContain("Lire la source");
  });

  it("escapes <, > and & everywhere, so the text arrives exactly as written", () => {
    const nasty = update({
      title: "Accords <b>énergie</b> & <mines>",
      outlet: "R&D <Presse>",
      author: "A <b>B</b> & C",
      texts: ["Prix < 5 & > 3 ; balise <script>alert(1)</script> et &amp; littéral.", "Ligne &lt;déjà&gt; échappée"],
    });
    const html = renderUpdateHtml(nasty);
    const { text, entities } = parsed(html);
    expect(text).toContain("Accords <b>énergie</b> & <mines>");
    expect(text).toContain("R&D <Presse>, A <b>B</b> & C");
    expect(text).toContain("Prix < 5 & > 3 ; balise <script>alert(1)</script> et &amp; littéral.");
    expect(text).toContain("Ligne &lt;déjà&gt; échappée");
    // Only the template's own formatting: two bold lines and the italic source line.
    expect(entities.map((e) => e.type).sort()).toEqual(["bold", "bold", "italic"]);
  });

  it("adds a link to the source when the update has a url", () => {
    const html = renderUpdateHtml(update({ url: "https://www.example.org/actu/accord?id=12&lang=fr" }));
    const { text, entities } = parsed(html);
    expect(text).toContain("Lire la source");
    const link = entities.find((e) => e.type === "text_link");
    expect(link).toMatchObject({ url: "https://www.example.org/actu/accord?id=12&lang=fr" });
    expect(text.slice(link?.offset, (link?.offset ?? 0) + (link?.length ?? 0))).toBe("Lire la source");
    expect(html).toContain('href="https://www.example.org/actu/accord?id=12&amp;lang=fr"');
  });

  // The url goes into href="…": a double quote in it (accepted by the front matter's z.url(), e.g. a search
  // link) must be escaped, or Telegram refuses every copy with 400 "can't parse entities".
  it('keeps the message valid when the url contains a double quote', () => {
    const url = 'https://www.example.org/recherche?q="Tsivilev"';
    const { entities } = parsed(renderUpdateHtml(update({ url })));
    expect(entities.find((e) => e.type === "text_link")).toMatchObject({ url });
  });

  it("cuts a long update to one Telegram message (≤ 4096 characters), at a word boundary, keeping the tail", () => {
    const word = "coopération ";
    const long = update({ url: "https://www.example.org/a", texts: [word.repeat(300), word.repeat(300), "Dernier paragraphe qui ne tient plus."] });
    const html = renderUpdateHtml(long);
    expect(html.length).toBeLessThanOrEqual(MAX);
    const { text } = parsed(html);
    expect(text.length).toBeLessThanOrEqual(MAX);
    expect(text).not.toContain("Dernier paragraphe");
    expect(text).toMatch(/coopération…\n\n— Info Matin, Awa Traoré, 29 juillet 2025\nLire la source\n\nPosez-moi/);
    // Close to the limit: not cut much more than needed.
    expect(html.length).toBeGreaterThan(MAX - 20);
  });

  it("never cuts inside an HTML entity, however the text falls", () => {
    for (let shift = 0; shift < 12; shift++) {
      const texts = ["x".repeat(shift) + " a&b <c> ".repeat(900)];
      const html = renderUpdateHtml(update({ texts }));
      expect(html.length, `shift ${shift}`).toBeLessThanOrEqual(MAX);
      const body = html.slice(html.indexOf("\n\n") + 2, html.indexOf("…"));
      expect(body, `shift ${shift}`).not.toMatch(/&[a-z]*$/);
      const { text } = parsed(html);
      expect(text).toContain("…");
      // The visible text never shows a half entity such as "&am".
      expect(text).not.toMatch(/&(a|am|amp|l|lt|g|gt)…/);
    }
  });

  it("handles a long text without spaces", () => {
    const html = renderUpdateHtml(update({ texts: ["é".repeat(6000)] }));
    expect(html.length).toBeLessThanOrEqual(MAX);
    expect(parsed(html).text).toContain("éé…");
  });

  it("leaves a text that fits untouched", () => {
    const texts = ["Court."];
    const html = renderUpdateHtml(update({ texts }));
    expect(html).not.toContain("…");
    expect(parsed(html).text).toContain("Court.");
  });
});
