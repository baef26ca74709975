import { describe, expect, it } from "vitest";
import { parseTelegramHtml } from "../../support/fake-bot-api.ts";
import {
  callbackUpdate,
  createTestBot,
  editedTextUpdate,
  GROUP_CHAT_ID,
  groupTextUpdate,
  mediaUpdate,
  PRIVATE_CHAT_ID,
  textOf,
  textUpdate,
  user,
  type MediaKind,
} from "../helpers.ts";

describe("fallback", () => {
  it("hints at /aide for an unknown command in a private chat", async () => {
    const t = createTestBot();
    await t.handle(textUpdate("/inconnue"));
    const [message, ...others] = t.messages();
    expect(others).toEqual([]);
    expect(message).toMatchObject({ chat_id: PRIVATE_CHAT_ID, parse_mode: "HTML" });
    expect(parseTelegramHtml(textOf(message)).text).toMatch(/ne connais pas cette commande.*\/aide/);
  });

  it("treats a command for another bot as unknown in private", async () => {
    const t = createTestBot();
    await t.handle(textUpdate("/start@autre_bot"));
    expect(textOf(t.messages()[0])).toMatch(/ne connais pas cette commande/);
  });

  it.each<MediaKind>(["sticker", "photo", "voice", "location"])("explains in text that a %s cannot be read (private chat)", async (kind) => {
    const t = createTestBot();
    await t.handle(mediaUpdate(kind));
    const [message, ...others] = t.messages();
    expect(others).toEqual([]);
    expect(message).toMatchObject({ chat_id: PRIVATE_CHAT_ID, parse_mode: "HTML" });
    expect(parseTelegramHtml(textOf(message)).text).toMatch(/ne lis que les messages écrits/);
  });

  it.each<MediaKind>(["sticker", "photo", "voice", "location"])("stays silent on a %s in a group", async (kind) => {
    const t = createTestBot();
    await t.handle(mediaUpdate(kind, { chatId: GROUP_CHAT_ID, from: user(1001) }));
    expect(t.calls).toEqual([]);
  });

  it("stays silent on an unknown command in a group that is not addressed to the bot", async () => {
    const t = createTestBot();
    await t.handle(groupTextUpdate("/inconnue"));
    await t.handle(groupTextUpdate("/inconnue@autre_bot"));
    expect(t.calls).toEqual([]);
  });

  it("hints, as a reply, at an unknown command addressed to the bot in a group", async () => {
    const t = createTestBot();
    const update = groupTextUpdate("/inconnue@visite_bot");
    await t.handle(update);
    const [message, ...others] = t.messages();
    expect(others).toEqual([]);
    expect(String(message?.["text"])).toContain("/aide");
    expect(message?.["reply_parameters"]).toMatchObject({ message_id: update.message?.message_id });
  });

  it("sends nothing for an edited message, private or group", async () => {
    const t = createTestBot();
    await t.handle(editedTextUpdate("Qui a conduit la délégation ?"));
    await t.handle(editedTextUpdate("@visite_bot Qui a conduit la délégation ?", { chatId: GROUP_CHAT_ID, from: user(1001) }));
    await t.handle(editedTextUpdate("/start"));
    expect(t.calls).toEqual([]);
  });

  it.each(["ancien-bouton", "ask:", "ask:Majuscules", "faq:", "x".repeat(64)])("answers a stale callback %j on the query only", async (data) => {
    const t = createTestBot();
    const update = callbackUpdate(data);
    await t.handle(update);
    const [answer, ...others] = t.callsOf("answerCallbackQuery");
    expect(others).toEqual([]);
    expect(answer).toMatchObject({ callback_query_id: update.callback_query?.id });
    expect(String(answer?.["text"])).toMatch(/plus valable/);
    expect(t.messages()).toEqual([]);
    expect(t.callsOf("editMessageText")).toEqual([]);
  });

  it("ignores other update kinds without error", async () => {
    const t = createTestBot();
    await t.handle({
      update_id: 9_000_001,
      message_reaction: {
        chat: { id: GROUP_CHAT_ID, type: "supergroup", title: "Groupe" },
        message_id: 5,
        user: user(1001),
        date: 0,
        old_reaction: [],
        new_reaction: [{ type: "emoji", emoji: "👍" }],
      },
    });
    expect(t.calls).toEqual([]);
    expect(t.log.find("update ignored")).toHaveLength(1);
  });
});
