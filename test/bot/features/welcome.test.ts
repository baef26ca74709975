import { describe, expect, it } from "vitest";
import { HELP_TEXT } from "../../../src/bot/features/welcome.ts";
import { parseTelegramHtml } from "../../support/fake-bot-api.ts";
import { createTestBot, inlineButtons, PRIVATE_CHAT_ID, testEngine, textOf, textUpdate, user } from "../helpers.ts";

describe("/start", () => {
  it("greets in HTML with example questions as buttons carrying ask:<faq-id>", async () => {
    const t = createTestBot();
    await t.handle(textUpdate("/start", { from: user(PRIVATE_CHAT_ID, { first_name: "Awa" }) }));

    const [message, ...others] = t.messages();
    expect(others).toEqual([]);
    expect(message).toMatchObject({ chat_id: PRIVATE_CHAT_ID, parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    const text = textOf(message);
    expect(text).toContain("Bonjour, Awa !");
    expect(text).toContain("Sergei Tsivilev");
    expect(text).toContain("28 juillet 2025");
    expect(() => parseTelegramHtml(text)).not.toThrow();

    const engine = testEngine();
    const buttons = inlineButtons(message);
    expect(buttons.length).toBeGreaterThanOrEqual(3);
    expect(buttons.length).toBeLessThanOrEqual(4);
    for (const b of buttons) {
      const id = /^ask:([a-z0-9-]+)$/.exec(b.callback_data ?? "")?.[1];
      expect(id, b.callback_data).toBeDefined();
      const entry = engine.faqById(id as string);
      expect(entry, id).toBeDefined();
      expect(b.text.length).toBeLessThanOrEqual(60);
      expect(entry?.questions[0]?.startsWith(b.text.replace(/…$/, ""))).toBe(true);
      expect(Buffer.byteLength(b.callback_data ?? "")).toBeLessThanOrEqual(64);
    }
  });

  it("escapes the user's first name", async () => {
    const t = createTestBot();
    await t.handle(textUpdate("/start", { from: user(PRIVATE_CHAT_ID, { first_name: "<b>Moussa</b> & Cie" }) }));
    const text = textOf(t.messages()[0]);
    expect(text).toContain("Bonjour, &lt;b&gt;Moussa&lt;/b&gt; &amp; Cie !");
    expect(parseTelegramHtml(text).text).toContain("Bonjour, <b>Moussa</b> & Cie !");
  });

  it("tolerates a deep-link payload: same greeting, payload logged by length, never echoed", async () => {
    const t = createTestBot();
    const payload = "campagne_radio-2025";
    await t.handle(textUpdate(`/start ${payload}`));

    expect(t.messages()).toHaveLength(1);
    const message = t.messages()[0];
    expect(textOf(message)).toContain("Bonjour");
    expect(JSON.stringify(message)).not.toContain(payload);
    expect(inlineButtons(message).length).toBeGreaterThan(0);
    const [logged] = t.log.find("deep-link payload");
    expect(logged).toMatchObject({ payload_length: payload.length });
    expect(t.log.raw.join("")).not.toContain(payload);
  });

  it("never echoes a hand-typed payload either", async () => {
    const t = createTestBot();
    await t.handle(textUpdate("/start <script>alert(1)</script>"));
    const text = textOf(t.messages()[0]);
    expect(text).not.toContain("script");
    expect(() => parseTelegramHtml(text)).not.toThrow();
  });
});

describe("/aide and /help", () => {
  it.each(["/aide", "/help"])("%s sends the help text in HTML", async (command) => {
    const t = createTestBot();
    await t.handle(textUpdate(command));
    const [message, ...others] = t.messages();
    expect(others).toEqual([]);
    expect(message).toMatchObject({ text: HELP_TEXT, parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    const parsed = parseTelegramHtml(textOf(message));
    for (const command of ["/faq", "/sources", "/question", "/aide"]) expect(parsed.text).toContain(command);
  });

  it("answers /aide@<username> in a group", async () => {
    const t = createTestBot();
    await t.handle(textUpdate("/aide@visite_bot", { chatId: -100555, from: user(1001) }));
    expect(t.messages()).toHaveLength(1);
    expect(t.messages()[0]).toMatchObject({ chat_id: -100555, text: HELP_TEXT });
  });
});
