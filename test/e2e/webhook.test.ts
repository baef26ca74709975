/**
 * The real bot process in webhook mode: its own HTTP server on 127.0.0.1
 * receives updates, the fake Bot API receives its calls.
 */
import type { Update } from "grammy/types";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeBotApi, type FakeBotApi } from "../support/fake-bot-api.ts";
import { startBot, type BotProcess } from "./bot-process.ts";
import { E2E_TIMEOUT, expectNoTokenInOutput, freePort, shutdown, sleep, TOKEN } from "./helpers.ts";

const SECRET = "Wh00k-secret_0123456789ab"; // 25 characters of Telegram's secret_token alphabet
const CITATION = "— Info Matin, El Hadj Sambi Touré, §1";
let nextUpdateId = 5000;

function questionUpdate(chatId: number, text = "Qui a conduit la délégation ?"): Update {
  return {
    update_id: ++nextUpdateId,
    message: {
      message_id: nextUpdateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private", first_name: "Awa" },
      from: { id: chatId, is_bot: false, first_name: "Awa" },
      text,
    },
  } as Update;
}

describe("webhook mode", () => {
  let fake: FakeBotApi;
  let bot: BotProcess | undefined;
  let port: number;
  let hook: string;

  const post = (update: Update, secret?: string) =>
    fetch(hook, {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret === undefined ? {} : { "X-Telegram-Bot-Api-Secret-Token": secret }) },
      body: JSON.stringify(update),
      signal: AbortSignal.timeout(10_000),
    });

  beforeAll(async () => {
    fake = await startFakeBotApi({ token: TOKEN });
    port = await freePort();
    hook = `http://127.0.0.1:${port}/tg-hook`;
    bot = startBot({
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: fake.apiRoot,
      BOT_MODE: "webhook",
      // The public URL Telegram posts to is https (a reverse proxy terminates TLS); the bot's own server
      // listens on plain http at PORT with the same path. Telegram (and the fake) refuse an http webhook URL.
      WEBHOOK_URL: `https://127.0.0.1:${port}/tg-hook`,
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      HOST: "127.0.0.1",
    });
    const listening = await bot.waitForLog((l) => l["msg"] === "webhook server listening", E2E_TIMEOUT - 2000);
    expect(listening).toMatchObject({ port, path: "/tg-hook" });
    await fake.waitFor((calls) => calls.some((c) => c.method === "setWebhook"), 10_000);
  }, E2E_TIMEOUT);

  afterEach(() => {
    expectNoTokenInOutput(bot);
    const leaks = bot?.output.filter((line) => line.includes(SECRET)) ?? [];
    expect(leaks).toEqual([]);
  });

  afterAll(async () => {
    await shutdown(bot);
    await fake.close();
  }, E2E_TIMEOUT);

  it("registered the webhook with its secret_token and the update kinds it handles", () => {
    const setWebhook = fake.calls.find((c) => c.method === "setWebhook");
    expect(setWebhook?.payload).toMatchObject({ url: `https://127.0.0.1:${port}/tg-hook`, secret_token: SECRET });
    expect(setWebhook?.payload["allowed_updates"]).toEqual(expect.arrayContaining(["message", "callback_query"]));
    expect(fake.calls.some((c) => c.method === "getUpdates")).toBe(false);
  });

  it("GET /healthz answers 200", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("an update with the right secret header is answered 200 and handled (sendMessage on the API)", async () => {
    const res = await post(questionUpdate(601), SECRET);
    expect(res.status).toBe(200);
    await fake.waitFor(() => fake.messagesTo(601).length > 0, 10_000);
    expect(String(fake.messagesTo(601)[0]?.payload["text"])).toContain(CITATION);
  }, E2E_TIMEOUT);

  it.each([
    ["without the secret header", undefined, 602],
    ["with a wrong secret header", "Wh00k-secret_0123456789aX", 603],
    ["with an empty secret header", "", 604],
  ])("an update %s is refused with 401 and not handled", async (_label, secret, chatId) => {
    const update = questionUpdate(chatId);
    const res = await post(update, secret);
    expect(res.status).toBe(401);
    await sleep(300);
    expect(fake.allCalls.filter((c) => String(c.payload["chat_id"]) === String(chatId))).toEqual([]);
    expect(bot?.logs().some((l) => l["update_id"] === update.update_id)).toBe(false);
  }, E2E_TIMEOUT);

  it("answers 404 elsewhere", async () => {
    expect((await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) })).status).toBe(404);
    expect((await fetch(hook, { signal: AbortSignal.timeout(5000) })).status).toBe(404); // GET on the hook
    const res = await fetch(`http://127.0.0.1:${port}/other`, { method: "POST", headers: { "X-Telegram-Bot-Api-Secret-Token": SECRET }, body: "{}", signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(404);
  });

  it("keeps running after a malformed body", async () => {
    const res = await fetch(hook, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
      body: "{not json",
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(400);
    expect((await post(questionUpdate(605), SECRET)).status).toBe(200);
    await fake.waitFor(() => fake.messagesTo(605).length > 0, 10_000);
    expect(bot?.child.exitCode).toBeNull();
  }, E2E_TIMEOUT);

  // Was a bug: webhookCallback answered 500 after 9 s while the handler went on (a 429 with retry_after 10), and
  // Telegram redelivered the update: two answers. Now the update is recorded and answered 200 at once, and a
  // redelivery of a recorded update is not handled again.
  it("a slow update gets its 200 at once, and a redelivered update is answered once", async () => {
    fake.injectFault("sendMessage", { kind: "error", code: 429, description: "Too Many Requests: retry after 3", retryAfter: 3 });
    const update = questionUpdate(606);
    const started = Date.now();
    expect((await post(update, SECRET)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await post(update, SECRET)).status).toBe(200); // what Telegram does when it thinks delivery failed
    await fake.waitFor(() => fake.messagesTo(606).length > 0, 10_000);
    await sleep(500);
    expect(fake.messagesTo(606)).toHaveLength(1);
  }, E2E_TIMEOUT);

  it("refuses bodies over 1 MB with 413 without reading them, bad JSON with 400, a non-update with 400", async () => {
    const big = await fetch(hook, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
      body: `{"update_id":1,"pad":"${"x".repeat(2 * 1024 * 1024)}"}`,
      signal: AbortSignal.timeout(10_000),
    }).catch((error: unknown) => error as Error);
    // The server may close the connection before the client has finished sending: a 413 or a closed connection.
    if (big instanceof Response) expect(big.status).toBe(413);
    const bad = await fetch(hook, { method: "POST", headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET }, body: "{not json" });
    expect(bad.status).toBe(400);
    const notUpdate = await fetch(hook, { method: "POST", headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET }, body: "[1,2]" });
    expect(notUpdate.status).toBe(400);
    expect(bot?.logs().some((l) => l["msg"] === "webhook body refused" && l["status"] === 413)).toBe(true);
  }, E2E_TIMEOUT);

  it("an update with wrongly typed fields is dropped with a log line, and the bot goes on", async () => {
    const forged = { update_id: 777_001, message: { message_id: 1, date: 1, chat: { id: 607, type: "private" }, from: { id: 607, is_bot: false, first_name: "X" }, text: 12345 } };
    expect((await post(forged as unknown as Update, SECRET)).status).toBe(200);
    await bot?.waitForLog((l) => l["msg"] === "malformed update dropped" && l["update_id"] === 777_001, 5000);
    expect((await post(questionUpdate(608), SECRET)).status).toBe(200);
    await fake.waitFor(() => fake.messagesTo(608).length > 0, 10_000);
    expect(fake.messagesTo(607)).toHaveLength(0);
    expect(bot?.logs().filter((l) => Number(l["level"]) >= 50)).toEqual([]);
  }, E2E_TIMEOUT);

  it("stops on SIGTERM with exit 0", async () => {
    const code = await Promise.race([bot?.stop("SIGTERM"), sleep(10_000).then(() => "timeout" as const)]);
    expect(code).toBe(0);
    expect(bot?.logs().find((l) => l["msg"] === "stopped")).toMatchObject({ drained: true });
  }, E2E_TIMEOUT);
});

describe("webhook mode with an http WEBHOOK_URL", () => {
  let fake: FakeBotApi;
  let bot: BotProcess | undefined;

  afterAll(async () => {
    expectNoTokenInOutput(bot);
    await shutdown(bot);
    await fake?.close();
  }, E2E_TIMEOUT);

  it("fails at start-up with Telegram's reason, exit 1, no stack trace and no secret", async () => {
    fake = await startFakeBotApi({ token: TOKEN });
    const port = await freePort();
    bot = startBot({
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: fake.apiRoot,
      BOT_MODE: "webhook",
      WEBHOOK_URL: `http://127.0.0.1:${port}/tg-hook`,
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      HOST: "127.0.0.1",
    });
    const code = await Promise.race([bot.exited, sleep(15_000).then(() => "timeout" as const)]);
    expect(code).toBe(1);
    const output = bot.output.join("\n");
    expect(output).toMatch(/HTTPS URL must be provided/);
    expect(output).not.toContain("    at ");
    expect(output).not.toContain(SECRET);
  }, E2E_TIMEOUT);
});
