/**
 * Conversations in the real process: follow-ups in a private chat, two people at once in a group, and the
 * subject kept across a restart (it lives in the store, not in memory).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTelegramHtml, startFakeBotApi, type FakeBotApi, type RecordedCall } from "../support/fake-bot-api.ts";
import { startBot, type BotProcess } from "./bot-process.ts";
import { E2E_TIMEOUT, expectNoTokenInOutput, shutdown, TOKEN } from "./helpers.ts";

const shown = (call: RecordedCall | undefined) => parseTelegramHtml(String(call?.payload["text"] ?? "")).text;
const GROUP = -100777;

describe("conversations", () => {
  let fake: FakeBotApi;
  let bot: BotProcess | undefined;
  let dataDir: string;
  const launch = async () => {
    bot = startBot({ BOT_TOKEN: TOKEN, BOT_API_ROOT: fake.apiRoot }, { dataDir });
    await bot.waitForLog((l) => l["msg"] === "polling started", E2E_TIMEOUT - 2000);
  };
  const ask = async (chatId: number, text: string, fromId?: number) => {
    const before = fake.messagesTo(chatId).length;
    fake.sendText({ chatId, text, ...(fromId ? { fromId } : {}) });
    await fake.waitFor(() => fake.messagesTo(chatId).length > before, 10_000);
    return shown(fake.messagesTo(chatId).at(-1));
  };

  beforeAll(async () => {
    fake = await startFakeBotApi({ token: TOKEN });
    dataDir = mkdtempSync(join(tmpdir(), "visite-conv-"));
    await launch();
  }, E2E_TIMEOUT);

  afterAll(async () => {
    expectNoTokenInOutput(bot);
    await shutdown(bot);
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, E2E_TIMEOUT);

  it("a three-turn conversation in a private chat", async () => {
    expect(await ask(8101, "Qui dirigeait la délégation ?")).toContain("Sergei Tsivilev");
    expect(await ask(8101, "et il a quel âge ?")).toContain("L’article ne dit rien");
    expect(await ask(8101, "La délégation venait d’où ?")).toContain("Moscou");
  }, E2E_TIMEOUT);

  it("two people talking at once in a group keep their own subjects", async () => {
    await ask(GROUP, "@visite_bot Qui dirigeait la délégation ?", 9001);
    await ask(GROUP, "@visite_bot Quelles entreprises russes étaient là ?", 9002);
    expect(await ask(GROUP, "@visite_bot et il a quel âge ?", 9001)).toContain("L’article ne dit rien");
    expect(await ask(GROUP, "@visite_bot et Rosatom ?", 9002)).toContain("Rosatom");
  }, E2E_TIMEOUT);

  it("keeps the subject across a restart", async () => {
    await ask(8102, "Qui dirigeait la délégation ?");
    await shutdown(bot);
    await launch();
    expect(await ask(8102, "et il a quel âge ?")).toContain("L’article ne dit rien");
  }, E2E_TIMEOUT * 2);
});
