import { describe, expect, it } from "vitest";
import { frenchDate } from "../../../src/common/french-date.ts";
import { parseTelegramHtml } from "../../support/fake-bot-api.ts";
import { createTestBot, PRIVATE_CHAT_ID, testEngine, textOf, textUpdate } from "../helpers.ts";

describe("/sources", () => {
  it("lists every source with outlet, author and French date, in valid HTML without link previews", async () => {
    const t = createTestBot();
    await t.handle(textUpdate("/sources"));
    const [message, ...others] = t.messages();
    expect(others).toEqual([]);
    expect(message).toMatchObject({ chat_id: PRIVATE_CHAT_ID, parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    const { text } = parseTelegramHtml(textOf(message));
    expect(text).toContain("Sources");
    for (const source of testEngine().knowledge.sources) {
      expect(text).toContain(source.title);
      expect(text).toContain(`${source.outlet}, ${source.author}, ${frenchDate(source.date)}`);
    }
    expect(text).toContain("Article — Info Matin, El Hadj Sambi Touré, 28 juillet 2025");
    expect(text).toContain("mot pour mot");
  });

  it("invents no link for a source without URL", async () => {
    const t = createTestBot();
    await t.handle(textUpdate("/sources"));
    const html = textOf(t.messages()[0]);
    const withUrl = testEngine().knowledge.sources.filter((s) => s.url);
    expect((html.match(/<a href=/g) ?? []).length).toBe(withUrl.length);
  });
});

describe("/sources with unusual URLs in the knowledge", () => {
  const withUrl = (url: string) => {
    const engine = testEngine();
    const [first] = engine.knowledge.sources;
    return { ...engine, knowledge: { ...engine.knowledge, sources: [{ ...(first as NonNullable<typeof first>), url }] } };
  };

  it("escapes & in an href", async () => {
    const t = createTestBot({ engine: withUrl("https://example.org/article?id=1&lang=fr") });
    await t.handle(textUpdate("/sources"));
    const html = textOf(t.messages()[0]);
    expect(html).toContain('<a href="https://example.org/article?id=1&amp;lang=fr">');
    expect(parseTelegramHtml(html).entities).toContainEqual(expect.objectContaining({ type: "text_link", url: "https://example.org/article?id=1&lang=fr" }));
  });

  // BUG (src/bot/render.ts escapeHtml, used for the href in src/bot/features/sources.ts): '"' is not escaped,
  // so a source URL containing a double quote (accepted by the knowledge schema's z.url()) closes the
  // attribute early and Telegram refuses the whole /sources message ("can't parse entities").
  it("keeps the HTML valid when a source URL contains a double quote", async () => {
    const t = createTestBot({ engine: withUrl('https://example.org/a"b') });
    await t.handle(textUpdate("/sources"));
    expect(() => parseTelegramHtml(textOf(t.messages()[0]))).not.toThrow();
  });
});
