/**
 * The Bot API transport against the loopback fake: what a failure means
 * (the request left or not), and that no phase waits longer than its limit.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Api, HttpError } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { telegramClientOptions } from "../../src/telegram/client-options.ts";
import { deliveryHooks, isAmbiguousSend, transportErrorOf } from "../../src/telegram/delivery.ts";
import { startFakeBotApi, type FakeBotApi } from "../support/fake-bot-api.ts";

const TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789";
const FAST = { connectTimeoutMs: 500, continueTimeoutMs: 400, responseTimeoutMs: 800, pollGraceMs: 500 };

let fake: FakeBotApi;
let api: Api;
beforeEach(async () => {
  fake = await startFakeBotApi({ token: TOKEN });
  api = new Api(TOKEN, telegramClientOptions(fake.apiRoot, FAST));
  // Learn that the server answers "100 Continue", as the bot does with getMe at start-up.
  await api.getMe();
});
afterEach(async () => {
  await fake.close();
});

async function failure(call: Promise<unknown>): Promise<HttpError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe("the transport tells a request that never left from one whose answer was lost", () => {
  it("a normal call goes through, announced with Expect: 100-continue", async () => {
    const sent = await api.sendMessage(1, "bonjour");
    expect(sent.text).toBe("bonjour");
    expect(fake.deliveredTo(1)).toHaveLength(1);
  });

  it("a connection cut before the body: not sent", async () => {
    fake.injectFault("sendMessage", { kind: "reset" });
    const error = await failure(api.sendMessage(1, "x"));
    expect(transportErrorOf(error)).toMatchObject({ method: "sendMessage", requestSent: false });
    expect(isAmbiguousSend(error)).toBe(false);
    expect(fake.deliveredTo(1)).toHaveLength(0);
  });

  it("a silent server (no 100 Continue): not sent, given up after continueTimeoutMs", async () => {
    fake.injectFault("sendMessage", { kind: "hang" });
    const started = Date.now();
    const error = await failure(api.sendMessage(1, "x"));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(transportErrorOf(error)).toMatchObject({ code: "ETIMEDOUT_CONTINUE", requestSent: false });
  });

  it("nothing listening: not sent", async () => {
    const closed = new Api(TOKEN, telegramClientOptions("http://127.0.0.1:9", FAST));
    const error = await failure(closed.sendMessage(1, "x"));
    expect(transportErrorOf(error)).toMatchObject({ code: "ECONNREFUSED", requestSent: false });
  });

  it("delivered, then the answer lost: sent (ambiguous)", async () => {
    fake.injectFault("sendMessage", { kind: "drop-response" });
    const error = await failure(api.sendMessage(1, "x"));
    expect(transportErrorOf(error)?.requestSent).toBe(true);
    expect(isAmbiguousSend(error)).toBe(true);
    expect(fake.deliveredTo(1)).toHaveLength(1);
  });

  it("an answer that never comes: sent, given up after responseTimeoutMs", async () => {
    fake.injectFault("sendMessage", { kind: "slow-response", ms: 5000 });
    const started = Date.now();
    const error = await failure(api.sendMessage(1, "x"));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(transportErrorOf(error)).toMatchObject({ code: "ETIMEDOUT_RESPONSE", requestSent: true });
  });

  it("a getUpdates long poll may take its timeout, and no more than its grace beyond", async () => {
    const started = Date.now();
    expect(await api.getUpdates({ timeout: 1 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("keeps its connection alive between calls, as Telegram's front end does", async () => {
    const before = fake.connectionsOpened;
    for (let i = 0; i < 10; i++) await api.sendMessage(1, `message ${i}`);
    await api.getMe();
    expect(fake.connectionsOpened - before).toBeLessThanOrEqual(1);
  });

  it("never puts the URL (and its token) in an error", async () => {
    fake.injectFault("sendMessage", { kind: "drop-response" });
    const error = await failure(api.sendMessage(1, "x"));
    expect(JSON.stringify({ message: error.message, inner: String(error.error), stack: error.stack })).not.toContain(TOKEN.split(":")[1]);
  });
});

describe("delivery hooks", () => {
  it("run right before the body leaves, never for a request cut before", async () => {
    const marks: string[] = [];
    const hooks = { beforeBodySent: (method: string) => void marks.push(method) };
    fake.injectFault("sendMessage", { kind: "reset" });
    await deliveryHooks.run(hooks, () => api.sendMessage(1, "x")).catch(() => undefined);
    expect(marks).toEqual([]);
    await deliveryHooks.run(hooks, () => api.sendMessage(1, "x"));
    expect(marks).toEqual(["sendMessage"]);
    // A method that is safe to repeat needs no mark.
    await deliveryHooks.run(hooks, () => api.sendChatAction(1, "typing"));
    expect(marks).toEqual(["sendMessage"]);
  });

  it("the body waits for the mark to be written", async () => {
    let deliveredWhileMarking = -1;
    const hooks = {
      beforeBodySent: () =>
        new Promise<void>((r) =>
          setTimeout(() => {
            deliveredWhileMarking = fake.deliveredTo(1).length;
            r();
          }, 200),
        ),
    };
    await deliveryHooks.run(hooks, () => api.sendMessage(1, "x"));
    expect(deliveredWhileMarking).toBe(0);
    expect(fake.deliveredTo(1)).toHaveLength(1);
  });
});

describe("a server that ignores Expect: 100-continue", () => {
  let server: http.Server;
  let root = "";
  let requests = 0;
  beforeEach(async () => {
    requests = 0;
    // Never sends 100 Continue: answers only once the whole body has arrived.
    server = http.createServer((req, res) => {
      requests++;
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => res.end(JSON.stringify({ ok: true, result: { message_id: requests, date: 0, chat: { id: 1, type: "private" }, text: JSON.parse(body).text } })));
    });
    server.on("checkContinue", (req, res) => server.emit("request", req, res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it("gets the body after continueTimeoutMs, and later calls go without waiting", async () => {
    const plain = new Api(TOKEN, telegramClientOptions(root, FAST));
    const started = Date.now();
    expect((await plain.sendMessage(1, "un")).text).toBe("un");
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    const second = Date.now();
    expect((await plain.sendMessage(1, "deux")).text).toBe("deux");
    expect(Date.now() - second).toBeLessThan(300);
  });
});
