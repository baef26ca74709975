import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { QuestionLogger } from "../../../src/bot/question-logger.ts";
import { SqliteStore } from "../../../src/store/sqlite-store.ts";
import { BOT_USERNAME, callbackUpdate, createTestBot, GROUP_CHAT_ID, groupTextUpdate, inlineButtons, memoryLogger, textOf, textUpdate, user, type TestBot } from "../helpers.ts";

const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

function botWithLog(options: { inlineSettleMs?: number } = {}): { t: TestBot; store: SqliteStore } {
  const store = new SqliteStore(":memory:");
  stores.push(store);
  const questionLog = new QuestionLogger(store, randomBytes(32), memoryLogger().logger, Date.now, options.inlineSettleMs ?? 20);
  return { t: createTestBot({ deps: { store, questionLog } }), store };
}
const settle = () => new Promise((r) => setTimeout(r, 30));

describe("the question log, through the bot", () => {
  it("logs a question with its outcome and no id of the asker; answers carry 👍 / 👎", async () => {
    const { t, store } = botWithLog();
    await t.handle(textUpdate("Qui a conduit la délégation ?", { from: user(5101) }));
    await settle();
    const [row] = await store.questionsSince(new Date(0));
    expect(row).toMatchObject({ question: "Qui a conduit la délégation ?", status: "answered", match: "faq:chef-delegation", via: "chat" });
    expect(row?.asker).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.stringify(row)).not.toContain("5101");
    const buttons = inlineButtons(t.messages()[0]);
    expect(buttons.map((b) => b.text)).toEqual(expect.arrayContaining(["👍", "👎"]));
    expect(buttons.find((b) => b.text === "👍")?.callback_data).toBe(`fb:${row?.id}:u`);
  });

  it("one tap records the vote and turns the buttons into a thank-you; 👎 offers other entries", async () => {
    const { t, store } = botWithLog();
    await t.handle(textUpdate("Qui a conduit la délégation ?"));
    await settle();
    const down = inlineButtons(t.messages()[0]).find((b) => b.text === "👎")?.callback_data as string;
    t.reset();
    await t.handle(callbackUpdate(down));
    await settle();
    const [row] = await store.questionsSince(new Date(0));
    expect(row?.feedback).toBe("down");
    expect(t.callsOf("answerCallbackQuery")[0]?.["text"]).toContain("Merci");
    expect(inlineButtons(t.callsOf("editMessageReplyMarkup")[0]).map((b) => b.text)).toEqual(["✓ Merci pour votre avis"]);
    const offer = t.messages()[0];
    expect(textOf(offer)).toBe("Vouliez-vous dire :");
    const suggestions = inlineButtons(offer);
    expect(suggestions.length).toBeGreaterThan(0);
    // A suggestion pressed is recorded against the question it was offered for.
    await t.handle(callbackUpdate(suggestions[0]?.callback_data as string));
    await settle();
    expect((await store.getQuestion(row?.id as string))?.pressed).toBe(suggestions[0]?.callback_data?.split(":")[1]);
  });

  it("a vote on an answer whose log entry is gone still thanks, and the bot goes on answering", async () => {
    const { t } = botWithLog();
    await t.handle(callbackUpdate("fb:00000000000000aa:u"));
    expect(t.callsOf("answerCallbackQuery")).toHaveLength(1);
    await t.handle(textUpdate("Quand la délégation est-elle arrivée ?"));
    expect(textOf(t.messages().at(-1))).toContain("28 juillet");
  });

  it("small talk and group messages not addressed to the bot are never logged", async () => {
    const { t, store } = botWithLog();
    await t.handle(textUpdate("Bonjour !"));
    await t.handle(groupTextUpdate("Qui a conduit la délégation ?"));
    await settle();
    expect(await store.questionsSince(new Date(0))).toEqual([]);
  });

  it("inline queries are logged once typing has stopped, as the last query typed", async () => {
    const { t, store } = botWithLog({ inlineSettleMs: 40 });
    let n = 0;
    for (const query of ["Qui a", "Qui a cond", "Qui a conduit la délégation"]) {
      await t.handle({ update_id: 70_000 + ++n, inline_query: { id: `iq${n}`, from: user(5102), query, offset: "" } });
    }
    await new Promise((r) => setTimeout(r, 120));
    const rows = await store.questionsSince(new Date(0));
    expect(rows.map((r) => [r.question, r.via])).toEqual([["Qui a conduit la délégation", "inline"]]);
  });

  it("without a question log (QUESTION_LOG=off) there are no feedback buttons and nothing is written", async () => {
    const store = new SqliteStore(":memory:");
    stores.push(store);
    const t = createTestBot({ deps: { store } });
    await t.handle(textUpdate("Qui a conduit la délégation ?"));
    expect(inlineButtons(t.messages()[0]).map((b) => b.text)).not.toContain("👍");
    expect(await store.questionsSince(new Date(0))).toEqual([]);
  });
});

describe("feedback in a group", () => {
  it("only the person who asked can vote on the answer", async () => {
    const { t, store } = botWithLog();
    await t.handle(groupTextUpdate(`@${BOT_USERNAME} Qui a conduit la délégation ?`, { from: user(6101) }));
    await settle();
    const up = inlineButtons(t.messages()[0]).find((b) => b.text === "👍")?.callback_data as string;
    await t.handle(callbackUpdate(up, { chatId: GROUP_CHAT_ID, from: user(6102) }));
    await settle();
    expect(t.callsOf("answerCallbackQuery")[0]?.["text"]).toContain("Seule la personne qui a posé la question");
    expect((await store.questionsSince(new Date(0)))[0]?.feedback).toBeUndefined();
    await t.handle(callbackUpdate(up, { chatId: GROUP_CHAT_ID, from: user(6101) }));
    await settle();
    expect((await store.questionsSince(new Date(0)))[0]?.feedback).toBe("up");
  });
});
