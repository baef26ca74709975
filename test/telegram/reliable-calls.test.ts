import { Api, GrammyError, HttpError } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { telegramClientOptions } from "../../src/telegram/client-options.ts";
import { reliableCalls, type RetryEvent } from "../../src/telegram/reliable-calls.ts";
import { startFakeBotApi, type FakeBotApi } from "../support/fake-bot-api.ts";

const TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789";
const FAST = { connectTimeoutMs: 500, continueTimeoutMs: 300, responseTimeoutMs: 600, pollGraceMs: 500 };

let fake: FakeBotApi;
let retries: RetryEvent[];
const reliableApi = (options: Parameters<typeof reliableCalls>[0] = {}) => {
  const api = new Api(TOKEN, telegramClientOptions(fake.apiRoot, FAST));
  api.config.use(reliableCalls({ firstDelayMs: 20, maxDelayMs: 100, onRetry: (e) => retries.push(e), ...options }));
  return api;
};

beforeEach(async () => {
  fake = await startFakeBotApi({ token: TOKEN });
  retries = [];
});
afterEach(async () => {
  await fake.close();
});

describe("reliable calls", () => {
  it("retries a message cut before it left, and delivers it once", async () => {
    fake.injectFault("sendMessage", { kind: "reset" }, 3);
    await reliableApi().sendMessage(1, "x");
    expect(fake.deliveredTo(1)).toHaveLength(1);
    expect(retries).toEqual([expect.objectContaining({ method: "sendMessage", reason: "ECONNRESET" })]);
  });

  it("never resends a message whose answer was lost", async () => {
    fake.injectFault("sendMessage", { kind: "drop-response" });
    const error = await reliableApi().sendMessage(1, "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(fake.deliveredTo(1)).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it("retries a call that is safe to repeat even after its request left", async () => {
    fake.injectFault("sendChatAction", { kind: "drop-response" }, 2);
    expect(await reliableApi().sendChatAction(1, "typing")).toBe(true);
  });

  it("waits retry_after on 429, and retries 5xx", async () => {
    fake.injectFault("sendMessage", { kind: "error", code: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 });
    fake.injectFault("sendMessage", { kind: "error", code: 502, description: "Bad Gateway" });
    const started = Date.now();
    await reliableApi().sendMessage(1, "x");
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.deliveredTo(1)).toHaveLength(1);
  });

  it("passes other errors on at once", async () => {
    fake.injectFault("sendMessage", { kind: "error", code: 400, description: "Bad Request: message is too long" });
    await expect(reliableApi().sendMessage(1, "x")).rejects.toBeInstanceOf(GrammyError);
    expect(retries).toEqual([]);
  });

  it("goes through a refused outage within a second or two of its end", async () => {
    const outage = fake.outage("refuse", 1500);
    const started = Date.now();
    await reliableApi().sendMessage(1, "x");
    await outage;
    expect(Date.now() - started).toBeLessThan(1500 + 1500);
    expect(fake.deliveredTo(1)).toHaveLength(1);
  });

  it("gives up after its deadline with the last error", async () => {
    fake.injectFault("sendMessage", { kind: "reset" }, 1000);
    const started = Date.now();
    await expect(reliableApi({ deadlineMs: 400 }).sendMessage(1, "x")).rejects.toBeInstanceOf(HttpError);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(fake.deliveredTo(1)).toHaveLength(0);
  });
});
