import { autoRetry } from "@grammyjs/auto-retry";
import { Bot, GrammyError, InputFile } from "grammy";
import type { Update } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseTelegramHtml, startFakeBotApi, type FakeBotApi, type FakeBotApiOptions } from "./fake-bot-api.js";

const TOKEN = "123456:TEST-token";

interface ApiResponse {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

let fake: FakeBotApi;

async function start(options: Partial<FakeBotApiOptions> = {}): Promise<FakeBotApi> {
  await fake.close();
  fake = await startFakeBotApi({ token: TOKEN, ...options });
  return fake;
}

async function call(method: string, payload: Record<string, unknown> = {}, token = TOKEN): Promise<{ status: number; body: ApiResponse }> {
  const res = await fetch(`${fake.apiRoot}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
  });
  return { status: res.status, body: (await res.json()) as ApiResponse };
}

beforeEach(async () => {
  fake = await startFakeBotApi({ token: TOKEN });
});

afterEach(async () => {
  await fake.close();
});

describe("fake Bot API: basics", () => {
  it("answers getMe with the default bot info, overridable", async () => {
    const { status, body } = await call("getMe");
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ id: 999, is_bot: true, first_name: "Bot Visite", username: "visite_bot", can_join_groups: true });
    await start({ botInfo: { username: "autre_bot" } });
    expect((await call("getMe")).body.result).toMatchObject({ id: 999, username: "autre_bot" });
  });

  it("rejects a wrong token with 401 and unknown paths/methods with 404", async () => {
    const wrong = await call("getMe", {}, "000:nope");
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    const unknownMethod = await call("doesNotExist");
    expect(unknownMethod.status).toBe(404);
    expect(unknownMethod.body.description).toBe("Not Found: method not found");
    const res = await fetch(`${fake.apiRoot}/nothing/here`);
    expect(res.status).toBe(404);
    expect(fake.calls).toHaveLength(0);
    expect(fake.allCalls.map((c) => c.fault?.kind === "error" && c.fault.code)).toEqual([401, 404]);
  });

  it("accepts urlencoded bodies and query strings", async () => {
    const form = await fetch(`${fake.apiRoot}/bot${TOKEN}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ chat_id: "42", text: "123", reply_markup: JSON.stringify({ inline_keyboard: [[{ text: "ok", callback_data: "ok" }]] }) }),
    });
    const formBody = (await form.json()) as ApiResponse;
    expect(formBody.result).toMatchObject({ chat: { id: 42, type: "private" }, text: "123", reply_markup: { inline_keyboard: [[{ text: "ok" }]] } });
    const query = await fetch(`${fake.apiRoot}/bot${TOKEN}/sendMessage?chat_id=-100&text=salut`);
    expect(((await query.json()) as ApiResponse).result).toMatchObject({ chat: { id: -100, type: "supergroup" }, text: "salut" });
    expect(fake.calls.map((c) => c.payload)).toEqual([
      { chat_id: 42, text: "123", reply_markup: { inline_keyboard: [[{ text: "ok", callback_data: "ok" }]] } },
      { chat_id: -100, text: "salut" },
    ]);
    expect(fake.messagesTo(42)).toHaveLength(1);
  });

  it("validates sendMessage like Telegram", async () => {
    expect((await call("sendMessage", { chat_id: 1, text: "" })).body.description).toBe("Bad Request: message text is empty");
    expect((await call("sendMessage", { chat_id: 1, text: "   " })).body.description).toBe("Bad Request: message text is empty");
    expect((await call("sendMessage", { text: "x" })).body.description).toBe("Bad Request: chat_id is empty");
    expect((await call("sendMessage", { chat_id: 1, text: "x".repeat(4097) })).body.description).toBe("Bad Request: message is too long");
    expect((await call("sendMessage", { chat_id: 1, text: "x".repeat(4096) })).status).toBe(200);
    const first = await call("sendMessage", { chat_id: 1, text: "a" });
    const second = await call("sendMessage", { chat_id: 1, text: "b" });
    const id1 = (first.body.result as { message_id: number }).message_id;
    const id2 = (second.body.result as { message_id: number }).message_id;
    expect(id2).toBeGreaterThan(id1);
    expect(second.body.result).toMatchObject({ from: { id: 999, is_bot: true, username: "visite_bot" }, chat: { id: 1, type: "private" } });
    expect(typeof (second.body.result as { date: unknown }).date).toBe("number");
  });

  it("checks parse_mode HTML with a tag stack", async () => {
    const res = await call("sendMessage", { chat_id: 1, text: "<b>x", parse_mode: "HTML" });
    expect(res.status).toBe(400);
    expect(res.body.description).toBe(`Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`);
    expect((await call("sendMessage", { chat_id: 1, text: "<b>x</i>", parse_mode: "HTML" })).body.description).toMatch(/^Bad Request: can't parse entities: Unmatched end tag/);
    expect((await call("sendMessage", { chat_id: 1, text: "a <br> b", parse_mode: "HTML" })).body.description).toBe(
      `Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 2`,
    );
    expect((await call("sendMessage", { chat_id: 1, text: "1 < 2", parse_mode: "HTML" })).status).toBe(400);
    const ok = await call("sendMessage", { chat_id: 1, text: `<b>Bonjour</b> <a href="https://x.y/?a=1&amp;b=2">lien</a> &lt;3`, parse_mode: "HTML" });
    expect(ok.status).toBe(200);
    expect(ok.body.result).toMatchObject({
      text: "Bonjour lien <3",
      entities: [
        { type: "bold", offset: 0, length: 7 },
        { type: "text_link", offset: 8, length: 4, url: "https://x.y/?a=1&b=2" },
      ],
    });
    expect(parseTelegramHtml(`<pre><code class="language-ts">x</code></pre><span class="tg-spoiler">s</span>`).entities).toEqual([
      { type: "pre", offset: 0, length: 1, language: "ts" },
      { type: "spoiler", offset: 1, length: 1 },
    ]);
  });

  it("edits messages and refuses a no-op edit", async () => {
    const sent = await call("sendMessage", { chat_id: 5, text: "v1" });
    const messageId = (sent.body.result as { message_id: number }).message_id;
    const edited = await call("editMessageText", { chat_id: 5, message_id: messageId, text: "v2" });
    expect(edited.body.result).toMatchObject({ message_id: messageId, text: "v2" });
    const same = await call("editMessageText", { chat_id: 5, message_id: messageId, text: "v2" });
    expect(same.body.description).toMatch(/^Bad Request: message is not modified/);
    expect((await call("deleteMessage", { chat_id: 5, message_id: messageId })).body.result).toBe(true);
    expect((await call("editMessageText", { chat_id: 5, message_id: messageId, text: "v3" })).body.description).toBe(
      "Bad Request: message to edit not found",
    );
    expect(fake.messagesTo(5).map((c) => c.method)).toEqual(["sendMessage", "editMessageText"]);
  });

  it("knows chat admins", async () => {
    fake.setChatAdmins(-100, [7]);
    expect((await call("getChatMember", { chat_id: -100, user_id: 7 })).body.result).toMatchObject({ status: "administrator", user: { id: 7 } });
    expect((await call("getChatMember", { chat_id: -100, user_id: 8 })).body.result).toMatchObject({ status: "member", user: { id: 8 } });
    expect((await call("getChatAdministrators", { chat_id: -100 })).body.result).toMatchObject([{ status: "administrator", user: { id: 7 } }]);
    expect((await call("getChat", { chat_id: -100 })).body.result).toMatchObject({ id: -100, type: "supergroup" });
  });
});

describe("fake Bot API: long polling", () => {
  it("returns immediately when an update is pending, and offset acknowledges", async () => {
    const u1 = fake.sendText({ chatId: 42, text: "/start hello @someone" });
    const u2 = fake.sendText({ chatId: 42, text: "deux" });
    expect(u2.update_id).toBe(u1.update_id + 1);
    expect(u1.message?.entities).toEqual([
      { type: "bot_command", offset: 0, length: 6 },
      { type: "mention", offset: 13, length: 8 },
    ]);
    const t0 = Date.now();
    const first = await call("getUpdates", { timeout: 30 });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect((first.body.result as Update[]).map((u) => u.update_id)).toEqual([u1.update_id, u2.update_id]);
    const limited = await call("getUpdates", { limit: 1 });
    expect((limited.body.result as Update[]).map((u) => u.update_id)).toEqual([u1.update_id]);
    const acked = await call("getUpdates", { offset: u2.update_id + 1 });
    expect(acked.body.result).toEqual([]);
    expect(fake.acknowledgedOffset).toBe(u2.update_id + 1);
    // acknowledged updates are gone even for offset 0
    expect((await call("getUpdates")).body.result).toEqual([]);
  });

  it("waits and wakes up on push", async () => {
    const t0 = Date.now();
    const pending = call("getUpdates", { timeout: 30 });
    await new Promise((r) => setTimeout(r, 100));
    const pushed = fake.pressButton({ chatId: 42, data: "go" });
    const { body } = await pending;
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(body.result).toEqual([pushed]);
    expect(pushed.callback_query?.message).toMatchObject({ chat: { id: 42 }, from: { id: 999 } });
  });

  it("answers an empty result when the timeout expires", async () => {
    const t0 = Date.now();
    const { body } = await call("getUpdates", { timeout: 1 });
    expect(body.result).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });

  it("terminates an older pending getUpdates with 409", async () => {
    const older = call("getUpdates", { timeout: 30 });
    await new Promise((r) => setTimeout(r, 50));
    const newer = call("getUpdates", { timeout: 30 });
    const o = await older;
    expect(o.status).toBe(409);
    expect(o.body.description).toBe("Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
    fake.sendText({ chatId: 1, text: "hi" });
    expect(((await newer).body.result as Update[]).length).toBe(1);
  });

  it("close() ends a pending long poll quickly", async () => {
    const pending = call("getUpdates", { timeout: 60 });
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await fake.close();
    const { body } = await pending;
    expect(body).toEqual({ ok: true, result: [] });
    expect(Date.now() - t0).toBeLessThan(500);
  });
});

describe("fake Bot API: faults", () => {
  it("injects a fault once, then succeeds", async () => {
    fake.injectFault("sendMessage", { kind: "error", code: 500, description: "Internal Server Error" });
    const failed = await call("sendMessage", { chat_id: 1, text: "x" });
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ ok: false, error_code: 500, description: "Internal Server Error" });
    expect((await call("sendMessage", { chat_id: 1, text: "x" })).status).toBe(200);
    expect(fake.calls).toHaveLength(1);
    expect(fake.allCalls).toHaveLength(2);
    expect(fake.allCalls[0]?.fault).toMatchObject({ kind: "error", code: 500 });
    expect(fake.stats.errors).toBe(1);
  });

  it("injects a 429 with parameters.retry_after", async () => {
    fake.injectFault("*", { kind: "error", code: 429, description: "Too Many Requests: retry after 3", retryAfter: 3 }, 2);
    for (let i = 0; i < 2; i++) {
      const res = await call("getMe");
      expect(res.status).toBe(429);
      expect(res.body).toEqual({ ok: false, error_code: 429, description: "Too Many Requests: retry after 3", parameters: { retry_after: 3 } });
    }
    expect((await call("getMe")).status).toBe(200);
    expect(fake.stats.tooManyRequests).toBe(2);
  });

  it("rate limits sending methods in a sliding window", async () => {
    await start({ rateLimit: { perSecond: 3 } });
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => call("sendMessage", { chat_id: i + 1, text: "x" })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    const limited = results.filter((r) => r.status === 429);
    expect(limited).toHaveLength(2);
    expect(limited[0]?.body).toEqual({ ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    expect((await call("getMe")).status).toBe(200); // not a sending method
    expect(fake.stats.tooManyRequests).toBe(2);
  });

  it("rate limits per chat", async () => {
    await start({ rateLimit: { perSecond: 100, perChatPerSecond: 1 } });
    expect((await call("sendMessage", { chat_id: 1, text: "a" })).status).toBe(200);
    expect((await call("sendMessage", { chat_id: 1, text: "b" })).status).toBe(429);
    expect((await call("sendMessage", { chat_id: 2, text: "c" })).status).toBe(200);
  });

  it("drop destroys the connection", async () => {
    fake.injectFault("sendMessage", { kind: "drop" });
    await expect(call("sendMessage", { chat_id: 1, text: "x" })).rejects.toThrow();
    expect(fake.stats.dropped).toBe(1);
    expect(fake.allCalls[0]).toMatchObject({ method: "sendMessage", fault: { kind: "drop" }, response: undefined });
    expect((await call("sendMessage", { chat_id: 1, text: "x" })).status).toBe(200);
  });

  it("answers 403 for a blocked chat and 400 for a missing chat", async () => {
    fake.blockChat(77);
    const blocked = await call("sendMessage", { chat_id: 77, text: "x" });
    expect(blocked.status).toBe(403);
    expect(blocked.body).toEqual({ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" });
    expect((await call("sendChatAction", { chat_id: 77, action: "typing" })).status).toBe(403);
    fake.setChatNotFound(78);
    const missing = await call("sendMessage", { chat_id: 78, text: "x" });
    expect(missing.status).toBe(400);
    expect(missing.body.description).toBe("Bad Request: chat not found");
    expect(fake.messagesTo(77)).toEqual([]);
  });

  it("waitFor resolves on a new call and rejects with the recorded methods", async () => {
    const waiting = fake.waitFor((calls) => calls.some((c) => c.method === "sendMessage"));
    await call("getMe");
    await call("sendMessage", { chat_id: 1, text: "x" });
    await expect(waiting).resolves.toBeUndefined();
    await expect(fake.waitFor((calls) => calls.length > 10, 100)).rejects.toThrow(/getMe, sendMessage/);
  });
});

describe("fake Bot API with a real grammY bot", () => {
  it("runs a polling bot end to end", async () => {
    const bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
    bot.command("start", (ctx) =>
      ctx.reply("<b>Bienvenue</b>", {
        parse_mode: "HTML",
        reply_markup: { inline_keyboard: [[{ text: "Go", callback_data: "go" }]] },
      }),
    );
    bot.callbackQuery("go", async (ctx) => {
      await ctx.answerCallbackQuery();
      await ctx.editMessageText("Parti");
    });
    bot.catch((err) => {
      throw err.error;
    });
    const running = bot.start({ timeout: 30 });

    fake.sendText({ chatId: 42, text: "/start" });
    await fake.waitFor(() => fake.messagesTo(42).length === 1);
    const reply = fake.messagesTo(42)[0];
    expect(reply?.payload).toMatchObject({ chat_id: 42, text: "<b>Bienvenue</b>", parse_mode: "HTML" });

    const press = fake.pressButton({ chatId: 42, data: "go" });
    expect(press.callback_query?.message).toMatchObject({ text: "Bienvenue", reply_markup: { inline_keyboard: [[{ callback_data: "go" }]] } });
    await fake.waitFor((calls) => calls.some((c) => c.method === "editMessageText"));
    expect(fake.calls.map((c) => c.method)).toContain("answerCallbackQuery");

    await bot.stop();
    await running;
    expect(fake.acknowledgedOffset).toBe(press.update_id + 1);
    expect(fake.calls.slice(0, 2).map((c) => c.method)).toEqual(["getMe", "deleteWebhook"]);
  });

  it("uploads files as multipart", async () => {
    const bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
    const msg = await bot.api.sendPhoto(42, new InputFile(Buffer.from("fake-jpeg-bytes"), "pic.jpg"), { caption: "Légende" });
    expect(msg.caption).toBe("Légende");
    expect(fake.calls[0]?.payload).toMatchObject({
      chat_id: 42,
      caption: "Légende",
      photo: { filename: "pic.jpg", size: 15 },
    });
  });

  it("surfaces errors as GrammyError and works with auto-retry", async () => {
    const bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
    fake.blockChat(9);
    const error = await bot.api.sendMessage(9, "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).error_code).toBe(403);

    bot.api.config.use(autoRetry());
    fake.injectFault("sendMessage", { kind: "error", code: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 });
    const t0 = Date.now();
    const sent = await bot.api.sendMessage(42, "après attente");
    expect(sent.text).toBe("après attente");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(fake.allCalls.filter((c) => c.method === "sendMessage").map((c) => c.fault?.kind ?? "ok")).toEqual(["error", "error", "ok"]);
  });
});
