import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { isChatUnreachable } from "../../src/bot/errors.ts";
import type { Engine } from "../../src/engine/engine.ts";
import {
  createTestBot,
  fakeResultFor,
  GROUP_CHAT_ID,
  groupTextUpdate,
  PRIVATE_CHAT_ID,
  testEngine,
  textOf,
  textUpdate,
  TOKEN,
  type Responder,
} from "./helpers.ts";

const QUESTION = "Qui a conduit la délégation ?";
const CITATION = "— Info Matin, El Hadj Sambi Touré, §1";

const telegramError = (code: number, description: string, method = "sendMessage") =>
  new GrammyError(`Call to '${method}' failed!`, { ok: false, error_code: code, description }, method, {});

/** Fails the first `times` sendMessage calls with `error`, then behaves normally. */
function failingSends(error: () => Error, times = 1): Responder {
  let left = times;
  return (method, payload) => {
    if (method === "sendMessage" && left > 0) {
      left--;
      throw error();
    }
    return fakeResultFor(method, payload);
  };
}

/** The real engine, except that ask() throws. */
function brokenEngine(): Engine {
  return {
    ...testEngine(),
    ask: () => {
      throw new Error("engine exploded");
    },
  };
}

describe("error boundary", () => {
  it("a 403 (bot blocked) is logged as a warning, not thrown, and no apology is attempted", async () => {
    const t = createTestBot({ responder: failingSends(() => telegramError(403, "Forbidden: bot was blocked by the user"), Infinity) });
    const update = textUpdate(QUESTION);
    await expect(t.handle(update)).resolves.toBeUndefined();

    const [warning, ...others] = t.log.find("chat unreachable");
    expect(others).toEqual([]);
    expect(warning).toMatchObject({ level: 40, update_id: update.update_id, chat_id: PRIVATE_CHAT_ID, description: "Forbidden: bot was blocked by the user" });
    expect(t.log.records().filter((r) => Number(r["level"]) >= 50)).toEqual([]);
    expect(t.messages()).toHaveLength(1); // the answer attempt only
  });

  it("a 403 answered by the API (ok: false) is handled the same way", async () => {
    const t = createTestBot();
    t.bot.api.config.use((prev, method, payload, signal) =>
      method === "sendMessage"
        ? // eslint-disable-next-line @typescript-eslint/no-explicit-any
          Promise.resolve({ ok: false, error_code: 403, description: "Forbidden: user is deactivated" } as any)
        : prev(method, payload, signal),
    );
    await expect(t.handle(textUpdate(QUESTION))).resolves.toBeUndefined();
    expect(t.log.find("chat unreachable")).toHaveLength(1);
  });

  it.each([
    [400, "Bad Request: chat not found", true],
    [400, "Bad Request: user is deactivated", true],
    [403, "Forbidden: bot was kicked from the supergroup chat", true],
    [400, "Bad Request: can't parse entities: Unsupported start tag", false],
    [429, "Too Many Requests: retry after 5", false],
  ])("isChatUnreachable(%i %s) = %s", (code, description, expected) => {
    expect(isChatUnreachable(telegramError(code, description))).toBe(expected);
  });

  it("isChatUnreachable is false for anything but a GrammyError", () => {
    expect(isChatUnreachable(new Error("Forbidden"))).toBe(false);
    expect(isChatUnreachable(new HttpError("network", new Error("ECONNRESET")))).toBe(false);
  });

  it("a generic error in a handler is logged with the update id and the private user gets an apology", async () => {
    const t = createTestBot({ engine: brokenEngine() });
    const update = textUpdate(QUESTION);
    await expect(t.handle(update)).resolves.toBeUndefined();

    const [logged, ...others] = t.log.find("handler failed");
    expect(others).toEqual([]);
    expect(logged).toMatchObject({ level: 50, update_id: update.update_id });
    expect(JSON.stringify(logged)).toContain("engine exploded");
    const [apology, ...more] = t.messages();
    expect(more).toEqual([]);
    expect(apology).toMatchObject({ chat_id: PRIVATE_CHAT_ID });
    expect(textOf(apology)).toMatch(/^Désolé, une erreur est survenue/);
    // "update handled" is still logged for the failed update
    expect(t.log.find("update handled").map((r) => r["update_id"])).toEqual([update.update_id]);
  });

  it("no apology in a group (no spam), but the error is logged", async () => {
    const t = createTestBot({ engine: brokenEngine() });
    const update = groupTextUpdate(`@visite_bot ${QUESTION}`);
    await expect(t.handle(update)).resolves.toBeUndefined();
    expect(t.log.find("handler failed")[0]).toMatchObject({ update_id: update.update_id, chat_type: "supergroup" });
    expect(t.messages()).toEqual([]);
  });

  it("a Telegram refusal other than unreachable is logged with method and code, and apologised for", async () => {
    const t = createTestBot({ responder: failingSends(() => telegramError(400, "Bad Request: can't parse entities: boom")) });
    const update = textUpdate(QUESTION);
    await t.handle(update);
    expect(t.log.find("Telegram refused a call")[0]).toMatchObject({ update_id: update.update_id, method: "sendMessage", code: 400 });
    expect(textOf(t.messages()[1])).toMatch(/^Désolé/);
  });

  it("a network error is logged as such, and apologised for", async () => {
    const t = createTestBot({ responder: failingSends(() => new HttpError("Network request for 'sendMessage' failed!", new Error("ECONNRESET"))) });
    await t.handle(textUpdate(QUESTION));
    expect(t.log.find("network error talking to Telegram")).toHaveLength(1);
    expect(textOf(t.messages()[1])).toMatch(/^Désolé/);
  });

  it("a failing apology does not throw either", async () => {
    const t = createTestBot({ engine: brokenEngine(), responder: failingSends(() => new Error("API down"), Infinity) });
    await expect(t.handle(textUpdate(QUESTION))).resolves.toBeUndefined();
    expect(t.log.find("handler failed")).toHaveLength(1);
    expect(t.messages()).toHaveLength(1);
  });

  it("keeps handling the next updates after errors", async () => {
    const t = createTestBot({ responder: failingSends(() => telegramError(403, "Forbidden: bot was blocked by the user")) });
    await t.handle(textUpdate(QUESTION, { chatId: 1 }));
    await t.handle(textUpdate(QUESTION, { chatId: 2 }));
    const answers = t.messages().filter((m) => textOf(m).includes(CITATION));
    expect(answers.map((m) => m["chat_id"])).toEqual([1, 2]); // the first attempt failed with 403, the second chat got its answer
    expect(t.log.find("chat unreachable")).toHaveLength(1);

    const broken = createTestBot({ engine: { ...testEngine(), ask: (q) => (q.includes("boom") ? (() => { throw new Error("x"); })() : testEngine().ask(q)) } });
    await broken.handle(textUpdate("boom", { chatId: 3 }));
    await broken.handle(textUpdate(QUESTION, { chatId: 3 }));
    expect(textOf(broken.messages().at(-1))).toContain(CITATION);
  });

  it("never writes the token in its logs", async () => {
    const t = createTestBot({ responder: failingSends(() => new HttpError(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed`, new Error(`connect to /bot${TOKEN}/ failed`))) });
    await t.handle(textUpdate(QUESTION));
    expect(t.log.find("network error")).toHaveLength(1);
    expect(t.log.raw.join("")).not.toContain(TOKEN);
  });

  it("a group chat id does not get the apology even when the error is a Telegram refusal", async () => {
    const t = createTestBot({ responder: failingSends(() => telegramError(400, "Bad Request: message is too long")) });
    await t.handle(groupTextUpdate(`@visite_bot ${QUESTION}`));
    expect(t.messages().filter((m) => m["chat_id"] === GROUP_CHAT_ID)).toHaveLength(1);
  });
});
