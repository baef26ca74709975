/**
 * Live knowledge in the real process: an update saved into KNOWLEDGE_DIR is
 * answered without a restart; a broken file leaves the bot answering from
 * what it knew, and an admin's /publier says what is wrong.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeBotApi, type FakeBotApi } from "../support/fake-bot-api.ts";
import { ROOT, startBot, type BotProcess } from "./bot-process.ts";
import { E2E_TIMEOUT, expectNoTokenInOutput, shutdown, TOKEN } from "./helpers.ts";

const ADMIN = 4242;
const UPDATE = `---
id: groupes-electrogenes-2025-09-02
date: 2025-09-02
title: Arrivée de groupes électrogènes à Kayes
outlet: Rédaction
author: Rédaction
---
Quarante groupes électrogènes offerts par la Russie sont arrivés à Kayes le mardi 2 septembre 2025.
`;
const textOf = (c: { payload: Record<string, unknown> }) => String(c.payload["text"] ?? "");

describe("live knowledge", () => {
  let fake: FakeBotApi;
  let bot: BotProcess | undefined;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "visite-live-e2e-"));
    cpSync(resolve(ROOT, "knowledge"), dir, { recursive: true });
    fake = await startFakeBotApi({ token: TOKEN });
    bot = startBot({ BOT_TOKEN: TOKEN, BOT_API_ROOT: fake.apiRoot, KNOWLEDGE_DIR: dir, ADMIN_IDS: String(ADMIN) });
    await bot.waitForLog((l) => l["msg"] === "polling started", E2E_TIMEOUT - 2000);
  }, E2E_TIMEOUT);

  afterAll(async () => {
    expectNoTokenInOutput(bot);
    await shutdown(bot);
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }, E2E_TIMEOUT);

  it("answers from an update saved while it runs", async () => {
    writeFileSync(join(dir, "updates", "groupes-electrogenes-2025-09-02.md"), UPDATE);
    await bot?.waitForLog((l) => l["msg"] === "knowledge reloaded", 10_000);
    fake.sendText({ chatId: 7001, text: "Combien de groupes électrogènes sont arrivés à Kayes ?" });
    await fake.waitFor(() => fake.messagesTo(7001).length > 0, 10_000);
    const reply = textOf(fake.messagesTo(7001)[0] as { payload: Record<string, unknown> });
    expect(reply).toContain("Quarante groupes électrogènes");
    expect(reply).toContain("mise à jour du 2 septembre 2025");
  }, E2E_TIMEOUT);

  it("a broken file keeps the bot answering, and /publier tells the admin what is wrong", async () => {
    writeFileSync(join(dir, "updates", "casse-2025-09-03.md"), "---\nid: casse-2025-09-03\ndate: hier\n---\nTexte.\n");
    const logged = await bot?.waitForLog((l) => String(l["msg"]).startsWith("knowledge not reloaded"), 10_000);
    expect(String(logged?.["problem"])).toContain("updates/casse-2025-09-03.md");
    fake.sendText({ chatId: 7002, text: "Qui a conduit la délégation ?" });
    await fake.waitFor(() => fake.messagesTo(7002).length > 0, 10_000);
    expect(textOf(fake.messagesTo(7002)[0] as { payload: Record<string, unknown> })).toContain("Sergei Tsivilev");
    fake.sendText({ chatId: ADMIN, text: "/publier groupes-electrogenes-2025-09-02" });
    await fake.waitFor(() => fake.messagesTo(ADMIN).length > 0, 10_000);
    const told = textOf(fake.messagesTo(ADMIN)[0] as { payload: Record<string, unknown> });
    expect(told).toContain("rien n’a été publié");
    expect(told).toContain("casse-2025-09-03.md");
  }, E2E_TIMEOUT);
});
