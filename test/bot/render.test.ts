import { describe, expect, it } from "vitest";
import { askButton, ASK_PATTERN, topicButton, TOPIC_PATTERN } from "../../src/bot/callback-data.ts";
import { buttonLabel, escapeHtml, renderAnswerHtml, suggestionKeyboard } from "../../src/bot/render.ts";
import type { Answer } from "../../src/engine/answer.ts";
import { parseTelegramHtml } from "../support/fake-bot-api.ts";

const fakeAnswer = (overrides: Partial<Answer> = {}): Answer => ({
  status: "answered",
  answered: true,
  text: "Réponse courte avec <b>balise</b> & esperluette",
  citations: [
    {
      sourceId: "src",
      outlet: "Info & Matin <Bamako>",
      author: "A & B",
      title: "Titre",
      date: "2025-07-28",
      paragraph: 3,
      quote: `<script>alert("x")</script> R&D, AT&T &amp; 1 < 2 > 0`,
    },
  ],
  score: 1,
  suggestions: [],
  ...overrides,
});

describe("escapeHtml", () => {
  it("escapes &, < and > (& first, so nothing is double-escaped by accident)", () => {
    expect(escapeHtml(`a < b > c & d`)).toBe("a &lt; b &gt; c &amp; d");
    expect(escapeHtml("&lt;")).toBe("&amp;lt;");
    expect(escapeHtml("<b>x</b>")).toBe("&lt;b&gt;x&lt;/b&gt;");
    expect(escapeHtml("rien à échapper « » ’")).toBe("rien à échapper « » ’");
    expect(escapeHtml("")).toBe("");
  });

  it("round-trips through Telegram's HTML parser", () => {
    for (const s of ["<script>alert(1)</script>", "&amp;&lt;&#65;", "a&b<c>d", "</b>", "<<>>&&"]) {
      expect(parseTelegramHtml(escapeHtml(s)).text).toBe(s);
    }
  });
});

describe("renderAnswerHtml", () => {
  it("renders the answer, then each excerpt in a blockquote with its citation line, all escaped", () => {
    const html = renderAnswerHtml(fakeAnswer());
    expect(html).toBe(
      [
        "Réponse courte avec &lt;b&gt;balise&lt;/b&gt; &amp; esperluette",
        `<blockquote>« &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; R&amp;D, AT&amp;T &amp;amp; 1 &lt; 2 &gt; 0 »</blockquote>\n<i>— Info &amp; Matin &lt;Bamako&gt;, A &amp; B, §3</i>`,
      ].join("\n\n"),
    );
    const parsed = parseTelegramHtml(html);
    expect(parsed.text).toContain(`« <script>alert("x")</script> R&D, AT&T &amp; 1 < 2 > 0 »`);
    expect(parsed.text).toContain("— Info & Matin <Bamako>, A & B, §3");
    expect(parsed.entities.map((e) => e.type)).toEqual(["blockquote", "italic"]);
  });

  it("renders several citations in order and a refusal without any", () => {
    const base = fakeAnswer().citations[0] as Answer["citations"][number];
    const two = renderAnswerHtml(fakeAnswer({ citations: [{ ...base, quote: "premier", paragraph: 1 }, { ...base, quote: "second", paragraph: 2 }] }));
    expect(two.indexOf("« premier »")).toBeLessThan(two.indexOf("« second »"));
    expect(parseTelegramHtml(two).entities.filter((e) => e.type === "blockquote")).toHaveLength(2);
    const refusal = renderAnswerHtml(fakeAnswer({ status: "off_topic", answered: false, citations: [], text: "Hors sujet" }));
    expect(refusal).toBe("Hors sujet");
  });
});

describe("buttonLabel", () => {
  it("keeps labels of up to 60 characters", () => {
    expect(buttonLabel("Qui ?")).toBe("Qui ?");
    const sixty = "x".repeat(60);
    expect(buttonLabel(sixty)).toBe(sixty);
  });

  it("cuts longer labels at 57 characters, trims the end and adds an ellipsis", () => {
    const label = buttonLabel("y".repeat(61));
    expect(label).toBe(`${"y".repeat(57)}…`);
    expect(label.length).toBe(58);
    const withSpace = buttonLabel(`${"a".repeat(56)} ${"b".repeat(10)}`);
    expect(withSpace).toBe(`${"a".repeat(56)}…`);
    const real = buttonLabel("Quel est le rôle de Tsivilev dans la commission intergouvernementale russo-malienne ?");
    expect(real.length).toBeLessThanOrEqual(60);
    expect(real.endsWith("…")).toBe(true);
  });
});

describe("buttonLabel with characters outside the BMP", () => {
  // BUG (src/bot/render.ts buttonLabel): it cuts at 57 UTF-16 code units, so an emoji (a surrogate pair)
  // straddling the cut leaves a lone surrogate: the label is not valid UTF-8 once encoded, and Telegram
  // refuses the keyboard. Latent today (no FAQ question has an emoji), real for any future one.
  it("never cuts an emoji in half", () => {
    const label = buttonLabel(`${"a".repeat(56)}😀${"b".repeat(10)}`);
    expect(Buffer.from(label, "utf8").toString("utf8")).toBe(label); // a lone surrogate becomes U+FFFD
  });
});

describe("suggestionKeyboard and callback data", () => {
  it("makes one row per suggestion, or nothing", () => {
    expect(suggestionKeyboard([])).toBeUndefined();
    const keyboard = suggestionKeyboard([
      { question: "Qui ?", faqId: "qui" },
      { question: "Quoi ?", faqId: "quoi" },
    ]);
    // (a trailing empty row may remain from .row(); Telegram ignores it)
    expect(keyboard?.inline_keyboard.filter((row) => row.length > 0)).toEqual([[{ text: "Qui ?", callback_data: "ask:qui" }], [{ text: "Quoi ?", callback_data: "ask:quoi" }]]);
  });

  it("keeps callback data within 64 bytes and parses only well-formed ids", () => {
    expect(askButton("z".repeat(100))).toHaveLength(64);
    expect(topicButton("energie")).toBe("faq:energie");
    expect(ASK_PATTERN.exec("ask:chef-delegation")?.[1]).toBe("chef-delegation");
    expect(TOPIC_PATTERN.exec("faq:energie")?.[1]).toBe("energie");
    for (const bad of ["ask:", "ask:A", "ask:a b", "ask:../x", "xask:a", `ask:${"a".repeat(61)}`]) expect(ASK_PATTERN.test(bad), bad).toBe(false);
  });
});

describe("answers on a phone", () => {
  const citation = (quote: string) => ({ sourceId: "a", outlet: "Info Matin", author: "El Hadj Sambi Touré", title: "t", date: "2025-07-28", paragraph: 1, quote });
  const answer = (text: string, quotes: string[]) => ({ status: "answered" as const, answered: true, text, citations: quotes.map(citation), score: 1, suggestions: [] });

  it("leaves out a short answer the excerpt already says, keeps one that adds something", () => {
    const same = renderAnswerHtml(answer("La délégation était conduite par Sergei Tsivilev, ministre russe de l’Énergie.", ["La délégation est conduite par le ministre russe de l’Énergie Sergei Tsivilev."]));
    expect(same.startsWith("<blockquote>")).toBe(true);
    const adds = renderAnswerHtml(answer("D’après la mise à jour du 19 septembre 2025 (L’Essor, Aminata Traoré) :", ["Elle a réuni 140 délégués."]));
    expect(adds).toContain("D’après la mise à jour");
  });

  it("folds a long excerpt into an expandable quote, a short one stays open", () => {
    const long = "x ".repeat(150).trim();
    const html = renderAnswerHtml(answer("Voici :", ["Court.", long]));
    expect(html).toContain("<blockquote>« Court. »</blockquote>");
    expect(html).toContain(`<blockquote expandable>« ${long} »</blockquote>`);
    const parsed = parseTelegramHtml(html);
    expect(parsed.entities.map((e) => e.type)).toEqual(expect.arrayContaining(["blockquote", "expandable_blockquote"]));
  });
});

