import { describe, expect, it } from "vitest";
import { parseTelegramHtml } from "../../support/fake-bot-api.ts";
import { callbackUpdate, createTestBot, inlineButtons, PRIVATE_CHAT_ID, testEngine, textOf, textUpdate } from "../helpers.ts";

describe("/faq", () => {
  it("sends the topics as buttons faq:<topic-id>", async () => {
    const t = createTestBot();
    const engine = testEngine();
    await t.handle(textUpdate("/faq"));
    const [message, ...others] = t.messages();
    expect(others).toEqual([]);
    expect(message).toMatchObject({ chat_id: PRIVATE_CHAT_ID, parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    expect(parseTelegramHtml(textOf(message)).text).toContain("Choisissez un thème");
    expect(inlineButtons(message)).toEqual(engine.knowledge.topics.map((topic) => ({ text: topic.label, callback_data: `faq:${topic.id}` })));
  });

  it("a topic button edits the message into that topic's questions, with a back button", async () => {
    const t = createTestBot();
    const engine = testEngine();
    const topic = engine.knowledge.topics.find((x) => x.id === "energie");
    expect(topic).toBeDefined();
    const update = callbackUpdate("faq:energie", { messageId: 321 });
    await t.handle(update);

    expect(t.callsOf("answerCallbackQuery")).toEqual([{ callback_query_id: update.callback_query?.id }]);
    expect(t.messages()).toEqual([]);
    const [edit, ...others] = t.callsOf("editMessageText");
    expect(others).toEqual([]);
    expect(edit).toMatchObject({ chat_id: PRIVATE_CHAT_ID, message_id: 321, parse_mode: "HTML" });
    const parsed = parseTelegramHtml(textOf(edit));
    expect(parsed.text).toContain(topic?.label);
    expect(parsed.text).toContain("Choisissez une question");

    const buttons = inlineButtons(edit);
    const entries = engine.knowledge.faq.filter((e) => e.topic === "energie");
    expect(buttons.slice(0, -1).map((b) => b.callback_data)).toEqual(entries.map((e) => `ask:${e.id}`));
    for (const [i, b] of buttons.slice(0, -1).entries()) {
      expect(b.text.length).toBeLessThanOrEqual(60);
      expect(entries[i]?.questions[0]?.startsWith(b.text.replace(/…$/, ""))).toBe(true);
    }
    expect(buttons.at(-1)).toEqual({ text: "« Tous les thèmes", callback_data: "faq-index" });
  });

  it("every topic has at least one question and fits Telegram's limits", async () => {
    const engine = testEngine();
    for (const topic of engine.knowledge.topics) {
      const t = createTestBot();
      await t.handle(callbackUpdate(`faq:${topic.id}`));
      const edit = t.callsOf("editMessageText")[0];
      const buttons = inlineButtons(edit);
      expect(buttons.length, topic.id).toBeGreaterThan(1);
      for (const b of buttons) expect(Buffer.byteLength(b.callback_data ?? "")).toBeLessThanOrEqual(64);
    }
  });

  it("the back button edits the message back to the topics", async () => {
    const t = createTestBot();
    const update = callbackUpdate("faq-index", { messageId: 321 });
    await t.handle(update);
    expect(t.callsOf("answerCallbackQuery")).toEqual([{ callback_query_id: update.callback_query?.id }]);
    const [edit] = t.callsOf("editMessageText");
    expect(edit).toMatchObject({ chat_id: PRIVATE_CHAT_ID, message_id: 321, parse_mode: "HTML" });
    expect(textOf(edit)).toContain("Choisissez un thème");
    expect(inlineButtons(edit).map((b) => b.callback_data)).toEqual(testEngine().knowledge.topics.map((x) => `faq:${x.id}`));
  });

  it("a question button from a topic answers it", async () => {
    const t = createTestBot();
    await t.handle(callbackUpdate("faq:defense"));
    const data = inlineButtons(t.callsOf("editMessageText")[0])[0]?.callback_data;
    t.reset();
    await t.handle(callbackUpdate(data as string));
    expect(parseTelegramHtml(textOf(t.messages()[0])).text).toMatch(/— Info Matin, El Hadj Sambi Touré, §\d+/);
  });

  it("an unknown topic is answered on the callback query, nothing edited", async () => {
    const t = createTestBot();
    await t.handle(callbackUpdate("faq:theme-disparu"));
    const [answer, ...others] = t.callsOf("answerCallbackQuery");
    expect(others).toEqual([]);
    expect(String(answer?.["text"])).toMatch(/thème n’existe plus/);
    expect(t.callsOf("editMessageText")).toEqual([]);
    expect(t.messages()).toEqual([]);
  });
});
