import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GrammyError } from "grammy";
import type { Update } from "grammy/types";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { SqliteStore } from "../../../src/store/sqlite-store.ts";
import { parseTelegramHtml } from "../../support/fake-bot-api.ts";
import {
  BOT_INFO,
  callbackUpdate,
  createTestBot,
  fakeResultFor,
  GROUP_CHAT_ID,
  groupTextUpdate,
  inlineButtons,
  PRIVATE_CHAT_ID,
  textOf,
  textUpdate,
  user,
  type TestBot,
} from "../helpers.ts";

const NOW = Date.parse("2025-07-29T14:30:00Z"); // 14:30 in Bamako (UTC+0)
const ADMIN = 2001;
const MEMBER = 2002;
const CREATOR = 2003;
const REFUSED = "Dans un groupe, seuls les administrateurs peuvent abonner ou désabonner le groupe.";

const dirs: string[] = [];
const stores: SqliteStore[] = [];

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A bot over a real SQLite store in a temp dir; getChatMember answers by user id. */
function setup(): { t: TestBot; store: SqliteStore; memberCalls: Array<Record<string, unknown>> } {
  const dir = mkdtempSync(join(tmpdir(), "visite-subs-"));
  dirs.push(dir);
  const store = SqliteStore.open(dir);
  stores.push(store);
  const memberCalls: Array<Record<string, unknown>> = [];
  const t = createTestBot({
    now: () => NOW,
    deps: { store },
    responder: (method, payload) => {
      if (method === "getChatMember") {
        memberCalls.push(payload);
        const id = Number(payload["user_id"]);
        const status = id === ADMIN ? "administrator" : id === CREATOR ? "creator" : "member";
        return { status, user: user(id), ...(status === "administrator" ? { can_be_edited: false, is_anonymous: false } : {}) };
      }
      return fakeResultFor(method, payload);
    },
  });
  return { t, store, memberCalls };
}

/** The text of the last message sent, as the user reads it (parsed like Telegram, so invalid HTML fails the test). */
function lastText(t: TestBot): string {
  const messages = t.messages();
  return parseTelegramHtml(textOf(messages[messages.length - 1])).text;
}

function lastMessage(t: TestBot): Record<string, unknown> | undefined {
  const messages = t.messages();
  return messages[messages.length - 1];
}

let updateCounter = 90_000;
function myChatMember(chat: { id: number; type: "private" | "supergroup" }, status: "kicked" | "left" | "member" | "administrator"): Update {
  const from = user(chat.id > 0 ? chat.id : ADMIN);
  const botUser = { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_INFO.username };
  return {
    update_id: ++updateCounter,
    my_chat_member: {
      chat: chat.type === "private" ? { id: chat.id, type: "private", first_name: "Awa" } : { id: chat.id, type: "supergroup", title: "Groupe" },
      from,
      date: Math.floor(NOW / 1000),
      old_chat_member: { user: botUser, status: "member" },
      new_chat_member: status === "kicked" ? { user: botUser, status: "kicked", until_date: 0 } : ({ user: botUser, status } as never),
    },
  } as Update;
}

describe("/abonner, /statut, /desabonner in a private chat", () => {
  it("subscribes, says so with an undo button, and /statut shows since when", async () => {
    const { t, store } = setup();
    await t.handle(textUpdate("/abonner"));
    expect(lastMessage(t)).toMatchObject({ chat_id: PRIVATE_CHAT_ID, parse_mode: "HTML" });
    expect(lastText(t)).toContain("✅ Vous êtes abonné aux nouvelles sur la visite");
    expect(lastText(t)).toContain("une seule fois");
    expect(inlineButtons(lastMessage(t))).toEqual([{ text: "Annuler l’abonnement", callback_data: "sub:off" }]);
    expect(await store.getSubscriber(PRIVATE_CHAT_ID)).toEqual({ chatId: PRIVATE_CHAT_ID, chatType: "private", active: true, subscribedAt: new Date(NOW).toISOString() });

    await t.handle(textUpdate("/statut"));
    expect(lastText(t)).toMatch(/^Abonné depuis le 29 juillet 2025 à 14:30\. \/desabonner pour arrêter\.$/);
  });

  it("a second /abonner says it already is, and changes nothing", async () => {
    const { t, store } = setup();
    await t.handle(textUpdate("/abonner"));
    await t.handle(textUpdate("/abonner"));
    expect(lastText(t)).toBe("Vous êtes déjà abonné.");
    expect(await store.countActive()).toBe(1);
  });

  it("unsubscribes with a resubscribe button; a second time says there was nothing", async () => {
    const { t, store } = setup();
    await t.handle(textUpdate("/abonner"));
    await t.handle(textUpdate("/desabonner"));
    expect(lastText(t)).toBe("Vous ne recevrez plus les nouvelles sur la visite.");
    expect(inlineButtons(lastMessage(t))).toEqual([{ text: "Me réabonner", callback_data: "sub:on" }]);
    expect((await store.getSubscriber(PRIVATE_CHAT_ID))?.active).toBe(false);

    await t.handle(textUpdate("/desabonner"));
    expect(lastText(t)).toBe("Il n’y avait pas d’abonnement actif ici.");

    await t.handle(textUpdate("/statut"));
    expect(lastText(t)).toBe("Pas abonné. /abonner pour recevoir les nouvelles sur la visite.");
  });

  it("/statut before anything says not subscribed", async () => {
    const { t } = setup();
    await t.handle(textUpdate("/statut"));
    expect(lastText(t)).toBe("Pas abonné. /abonner pour recevoir les nouvelles sur la visite.");
  });

  it("understands the English aliases /subscribe and /unsubscribe, and /abonner@botname", async () => {
    const { t, store } = setup();
    await t.handle(textUpdate("/subscribe"));
    expect(lastText(t)).toContain("Vous êtes abonné");
    expect((await store.getSubscriber(PRIVATE_CHAT_ID))?.active).toBe(true);
    await t.handle(textUpdate("/unsubscribe"));
    expect(lastText(t)).toBe("Vous ne recevrez plus les nouvelles sur la visite.");
    expect((await store.getSubscriber(PRIVATE_CHAT_ID))?.active).toBe(false);
    await t.handle(textUpdate(`/abonner@${BOT_INFO.username}`));
    expect((await store.getSubscriber(PRIVATE_CHAT_ID))?.active).toBe(true);
  });

  it("never asks Telegram for membership in a private chat", async () => {
    const { t, memberCalls } = setup();
    await t.handle(textUpdate("/abonner"));
    await t.handle(textUpdate("/desabonner"));
    expect(memberCalls).toEqual([]);
  });
});

describe("undo buttons", () => {
  it("sub:off unsubscribes and answers the button; sub:on subscribes again", async () => {
    const { t, store } = setup();
    await t.handle(textUpdate("/abonner"));
    t.reset();

    await t.handle(callbackUpdate("sub:off"));
    expect(t.callsOf("answerCallbackQuery")).toEqual([expect.objectContaining({ text: "Désabonnement effectué." })]);
    expect(lastText(t)).toBe("Vous ne recevrez plus les nouvelles sur la visite.");
    expect((await store.getSubscriber(PRIVATE_CHAT_ID))?.active).toBe(false);

    t.reset();
    await t.handle(callbackUpdate("sub:on"));
    expect(t.callsOf("answerCallbackQuery")).toEqual([expect.objectContaining({ text: "Abonnement rétabli." })]);
    expect(lastText(t)).toContain("Vous êtes abonné");
    expect((await store.getSubscriber(PRIVATE_CHAT_ID))?.active).toBe(true);
  });

  it("pressing a button twice answers 'déjà'", async () => {
    const { t } = setup();
    await t.handle(callbackUpdate("sub:off"));
    expect(t.callsOf("answerCallbackQuery")[0]).toMatchObject({ text: "Déjà désabonné." });
    await t.handle(callbackUpdate("sub:on"));
    await t.handle(callbackUpdate("sub:on"));
    expect(t.callsOf("answerCallbackQuery")[2]).toMatchObject({ text: "Déjà abonné." });
  });

  it("every button press is answered exactly once (no endless spinner)", async () => {
    const { t } = setup();
    for (const data of ["sub:on", "sub:off", "sub:off", "sub:on"]) await t.handle(callbackUpdate(data));
    expect(t.callsOf("answerCallbackQuery")).toHaveLength(4);
  });
});

describe("in a group", () => {
  it("refuses /abonner from a plain member, after checking with Telegram", async () => {
    const { t, store, memberCalls } = setup();
    await t.handle(groupTextUpdate("/abonner", { from: user(MEMBER) }));
    expect(memberCalls).toEqual([{ chat_id: GROUP_CHAT_ID, user_id: MEMBER }]);
    expect(lastMessage(t)).toMatchObject({ chat_id: GROUP_CHAT_ID });
    expect(lastText(t)).toBe(REFUSED);
    expect(await store.getSubscriber(GROUP_CHAT_ID)).toBeUndefined();
  });

  // Was a defect: when getChatMember failed, a group /abonner got no reply at all (only a log line).
  it("tells the user when Telegram refuses the membership check, by message or by toast", async () => {
    const dir = mkdtempSync(join(tmpdir(), "visite-subs-"));
    dirs.push(dir);
    const store = SqliteStore.open(dir);
    stores.push(store);
    const t = createTestBot({
      deps: { store },
      responder: (method, payload) => {
        if (method === "getChatMember") throw new GrammyError("Call to 'getChatMember' failed!", { ok: false, error_code: 400, description: "Bad Request: member list is inaccessible" }, "getChatMember", payload);
        return fakeResultFor(method, payload);
      },
    });
    await t.handle(groupTextUpdate("/abonner", { from: user(ADMIN) }));
    expect(lastText(t)).toContain("pas pu vérifier");
    await t.handle(callbackUpdate("sub:on", { chatId: GROUP_CHAT_ID, from: user(ADMIN) }));
    expect(String(t.callsOf("answerCallbackQuery").at(-1)?.["text"])).toContain("pas pu vérifier");
    expect(await store.getSubscriber(GROUP_CHAT_ID)).toBeUndefined();
  });

  it("lets an administrator or the creator subscribe and unsubscribe the group", async () => {
    const { t, store } = setup();
    await t.handle(groupTextUpdate("/abonner", { from: user(ADMIN) }));
    expect(lastText(t)).toContain("✅ Ce groupe est abonné");
    expect(await store.getSubscriber(GROUP_CHAT_ID)).toMatchObject({ active: true, chatType: "supergroup" });

    // A member cannot undo it, neither by command nor by button.
    await t.handle(groupTextUpdate("/desabonner", { from: user(MEMBER) }));
    expect(lastText(t)).toBe(REFUSED);
    t.reset();
    await t.handle(callbackUpdate("sub:off", { chatId: GROUP_CHAT_ID, from: user(MEMBER) }));
    expect(t.callsOf("answerCallbackQuery")).toEqual([expect.objectContaining({ text: REFUSED, show_alert: true })]);
    expect(t.messages()).toEqual([]);
    expect((await store.getSubscriber(GROUP_CHAT_ID))?.active).toBe(true);

    await t.handle(groupTextUpdate("/desabonner", { from: user(CREATOR) }));
    expect(lastText(t)).toBe("Vous ne recevrez plus les nouvelles sur la visite.");
    expect((await store.getSubscriber(GROUP_CHAT_ID))?.active).toBe(false);

    t.reset();
    await t.handle(callbackUpdate("sub:on", { chatId: GROUP_CHAT_ID, from: user(ADMIN) }));
    expect(t.callsOf("answerCallbackQuery")).toEqual([expect.objectContaining({ text: "Abonnement rétabli." })]);
    expect((await store.getSubscriber(GROUP_CHAT_ID))?.active).toBe(true);
  });

  it("anyone may ask /statut", async () => {
    const { t, memberCalls } = setup();
    await t.handle(groupTextUpdate("/statut", { from: user(MEMBER) }));
    expect(lastText(t)).toContain("Pas abonné");
    expect(memberCalls).toEqual([]);
  });
});

describe("when the bot is removed", () => {
  it("a user blocking the bot (kicked) deactivates the subscription", async () => {
    const { t, store } = setup();
    await t.handle(textUpdate("/abonner"));
    t.reset();
    await t.handle(myChatMember({ id: PRIVATE_CHAT_ID, type: "private" }, "kicked"));
    expect(t.calls).toEqual([]); // nothing can be sent to a chat that blocked the bot
    expect(await store.getSubscriber(PRIVATE_CHAT_ID)).toMatchObject({ active: false, deactivatedReason: "bot kicked" });
    expect(t.log.find("bot removed from chat; subscription deactivated")).toHaveLength(1);

    // Unblocked later: /statut explains why delivery had stopped, /abonner brings it back.
    await t.handle(textUpdate("/statut"));
    expect(lastText(t)).toBe("Pas abonné : la distribution s’était arrêtée car le bot ne pouvait plus vous écrire. /abonner pour reprendre.");
    await t.handle(textUpdate("/abonner"));
    expect(await store.getSubscriber(PRIVATE_CHAT_ID)).toMatchObject({ active: true });
    expect((await store.getSubscriber(PRIVATE_CHAT_ID))?.deactivatedReason).toBeUndefined();
  });

  it("the bot leaving a group deactivates it; being promoted changes nothing", async () => {
    const { t, store } = setup();
    await t.handle(groupTextUpdate("/abonner", { from: user(ADMIN) }));
    await t.handle(myChatMember({ id: GROUP_CHAT_ID, type: "supergroup" }, "administrator"));
    expect((await store.getSubscriber(GROUP_CHAT_ID))?.active).toBe(true);
    await t.handle(myChatMember({ id: GROUP_CHAT_ID, type: "supergroup" }, "left"));
    expect(await store.getSubscriber(GROUP_CHAT_ID)).toMatchObject({ active: false, deactivatedReason: "bot left" });
  });

  it("a chat that never subscribed stays unknown", async () => {
    const { t, store } = setup();
    await t.handle(myChatMember({ id: 31337, type: "private" }, "kicked"));
    expect(await store.getSubscriber(31337)).toBeUndefined();
  });
});

describe("a group that becomes a supergroup", () => {
  it("moves the group's subscription to the new chat id, silently", async () => {
    const { t, store } = setup();
    await store.subscribe(-555, "group", new Date(NOW - 1000));
    await t.handle({
      update_id: 99_001,
      message: { message_id: 7, date: Math.floor(NOW / 1000), chat: { id: -555, type: "group", title: "Groupe" }, from: user(ADMIN), migrate_to_chat_id: -100555 },
    } as Update);
    expect(t.messages()).toEqual([]);
    expect(await store.getSubscriber(-100555)).toMatchObject({ active: true, chatType: "supergroup" });
    expect(await store.getSubscriber(-555)).toMatchObject({ active: false });
  });
});
