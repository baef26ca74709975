/**
 * The question log and the review loop in the real process, through the loopback fake Bot API: questions asked,
 * 👍/👎 pressed, /revue used by an admin (and refused to others), a phrasing added from Telegram and answered
 * right after; then the database is read row by row for any id of the people involved. Retention and
 * QUESTION_LOG=off are checked on the real start-up too.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteStore } from "../../src/store/sqlite-store.ts";
import { logged } from "../store/question-log.contract.ts";
import { parseTelegramHtml, startFakeBotApi, type FakeBotApi, type RecordedCall } from "../support/fake-bot-api.ts";
import { ROOT, startBot, type BotProcess } from "./bot-process.ts";
import { E2E_TIMEOUT, expectNoTokenInOutput, shutdown, TOKEN } from "./helpers.ts";

const ADMIN = 4_313_001;
const ASKER = 4_313_002;
const SECOND = 4_313_003;
const THIRD = 4_313_004;
const STRANGER = 4_313_005;
const GROUP = -1_004_313_006;
const GROUP_MEMBER = 4_313_007;
const PEOPLE = [ADMIN, ASKER, SECOND, THIRD, STRANGER, GROUP_MEMBER, GROUP];
/** Tables that must hold chat ids: whom to send updates to. Everything else is checked for none. */
const SUBSCRIPTION_TABLES = new Set(["subscribers", "outbox"]);
const DAY_MS = 24 * 60 * 60 * 1000;

const text = (c: RecordedCall | undefined) => parseTelegramHtml(String(c?.payload["text"] ?? "")).text;
const buttons = (c: RecordedCall | undefined) =>
  ((c?.payload["reply_markup"] as { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> } | undefined)?.inline_keyboard ?? []).flat();

const messageIdOf = (c: RecordedCall | undefined) => (c?.response as { result: { message_id: number } }).result.message_id;

/** Every row of every table of every database in DATA_DIR, as text, but the subscription tables'. */
function rowsOutsideSubscriptions(dataDir: string): Array<{ file: string; table: string; row: string }> {
  const rows: Array<{ file: string; table: string; row: string }> = [];
  for (const file of readdirSync(dataDir).filter((f) => f.endsWith(".sqlite"))) {
    const db = new Database(join(dataDir, file), { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
      for (const { name } of tables) {
        if (SUBSCRIPTION_TABLES.has(name)) continue;
        for (const row of db.prepare(`SELECT * FROM "${name}"`).all()) rows.push({ file, table: name, row: JSON.stringify(row) });
      }
    } finally {
      db.close();
    }
  }
  return rows;
}

describe("question log and review, end to end", () => {
  let fake: FakeBotApi;
  let bot: BotProcess | undefined;
  let dataDir: string;
  let knowledgeDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "visite-qlog-e2e-"));
    knowledgeDir = mkdtempSync(join(tmpdir(), "visite-qlog-knowledge-"));
    cpSync(resolve(ROOT, "knowledge"), knowledgeDir, { recursive: true });
    // A question logged long ago: the start-up retention run deletes it (QUESTION_LOG_DAYS=30).
    const store = SqliteStore.open(dataDir);
    await store.logQuestion(logged("00000000000000a1", Date.now() - 40 * DAY_MS, { question: "Une vieille question ?" }));
    await store.logQuestion(logged("00000000000000a2", Date.now() - 2 * DAY_MS, { question: "Une question récente ?" }));
    await store.close();
    fake = await startFakeBotApi({ token: TOKEN });
    bot = startBot(
      { BOT_TOKEN: TOKEN, BOT_API_ROOT: fake.apiRoot, KNOWLEDGE_DIR: knowledgeDir, ADMIN_IDS: String(ADMIN), QUESTION_LOG_DAYS: "30" },
      { dataDir },
    );
    await bot.waitForLog((l) => l["msg"] === "polling started", E2E_TIMEOUT - 2000);
  }, E2E_TIMEOUT);

  afterAll(async () => {
    expectNoTokenInOutput(bot);
    await shutdown(bot);
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(knowledgeDir, { recursive: true, force: true });
  }, E2E_TIMEOUT);

  it("deleted the questions older than QUESTION_LOG_DAYS at start-up, and kept the others", async () => {
    const deleted = await bot?.waitForLog((l) => l["msg"] === "old logged questions deleted");
    expect(deleted?.["deleted"]).toBe(1);
  });

  it("answers carry 👍/👎; a 👎 is thanked and offers other entries", async () => {
    fake.sendText({ chatId: ASKER, text: "Qui a conduit la délégation ?" });
    await fake.waitFor(() => fake.messagesTo(ASKER).length > 0, 10_000);
    const answer = fake.messagesTo(ASKER)[0];
    expect(text(answer)).toContain("Sergei Tsivilev");
    const down = buttons(answer).find((b) => b.text === "👎");
    expect(down?.callback_data).toMatch(/^fb:[0-9a-f]{16}:d$/);
    fake.pressButton({ chatId: ASKER, data: down?.callback_data as string, messageId: messageIdOf(answer) });
    await fake.waitFor(() => fake.messagesTo(ASKER).length > 1, 10_000);
    expect(text(fake.messagesTo(ASKER)[1])).toBe("Vouliez-vous dire :");
    const markupEdit = fake.calls.find((c) => c.method === "editMessageReplyMarkup");
    expect(buttons(markupEdit).map((b) => b.text)).toEqual(["✓ Merci pour votre avis"]);
  }, E2E_TIMEOUT);

  it("/revue is refused to others, and shows an admin what was refused; a phrasing added from Telegram is answered right after", async () => {
    fake.sendText({ chatId: SECOND, text: "Le big boss russe c'était qui ?" });
    fake.sendText({ chatId: THIRD, text: "le BIG BOSS russe c'etait qui" });
    // In a group, a message not addressed to the bot is never logged (nor answered).
    fake.sendText({ chatId: GROUP, fromId: GROUP_MEMBER, text: "Le big boss russe c'était qui ?" });
    await fake.waitFor(() => fake.messagesTo(SECOND).length > 0 && fake.messagesTo(THIRD).length > 0, 10_000);
    expect(text(fake.messagesTo(SECOND)[0])).not.toContain("Sergei Tsivilev");

    fake.sendText({ chatId: STRANGER, text: "/revue" });
    await fake.waitFor(() => fake.messagesTo(STRANGER).length > 0, 10_000);
    expect(text(fake.messagesTo(STRANGER)[0])).toContain("réservée aux administrateurs");
    await bot?.waitForLog((l) => l["msg"] === "review refused: not an admin" && l["user_id"] === STRANGER);

    fake.sendText({ chatId: ADMIN, text: "/revue" });
    await fake.waitFor(() => fake.messagesTo(ADMIN).length >= 2, 10_000);
    const group = fake.messagesTo(ADMIN).find((m) => text(m).includes("big boss"));
    expect(text(group)).toContain("2 fois, par 2 personne(s)");
    expect(text(group)).toContain("chef-delegation");
    const add = buttons(group).find((b) => b.text.startsWith("➕"));
    fake.pressButton({ chatId: ADMIN, data: add?.callback_data as string, messageId: messageIdOf(group) });
    await fake.waitFor(() => fake.calls.some((c) => c.method === "editMessageText" && text(c).includes("✅")), 10_000);

    const before = fake.messagesTo(SECOND).length;
    fake.sendText({ chatId: SECOND, text: "Le big boss russe c'était qui ?" });
    await fake.waitFor(() => fake.messagesTo(SECOND).length > before, 10_000);
    expect(text(fake.messagesTo(SECOND).at(-1))).toContain("Sergei Tsivilev");
    expect(fake.messagesTo(GROUP)).toHaveLength(0);
  }, E2E_TIMEOUT);

  it("the database holds no id of anyone involved outside the subscription tables, nor their names", async () => {
    fake.sendText({ chatId: ASKER, text: "/abonner" });
    await fake.waitFor(() => fake.messagesTo(ASKER).some((m) => text(m).toLowerCase().includes("abonn")), 10_000);
    await shutdown(bot);
    const rows = rowsOutsideSubscriptions(dataDir);
    const questions = rows.filter((r) => r.table === "question_log");
    // Both big boss questions, the 👎 one, the recent seeded one, the one answered after the edit: logged.
    expect(questions.length).toBeGreaterThanOrEqual(5);
    expect(questions.some((r) => r.row.includes("Une vieille question"))).toBe(false);
    expect(questions.some((r) => r.row.includes("Une question récente"))).toBe(true);
    expect(questions.some((r) => r.row.includes('"feedback":"down"'))).toBe(true);
    const leaks = rows.filter((r) => PEOPLE.some((id) => r.row.includes(String(Math.abs(id)))) || /User \d/.test(r.row));
    expect(leaks).toEqual([]);
    // The subscription itself is where it must be.
    const db = new Database(join(dataDir, "bot.sqlite"), { readonly: true });
    expect(db.prepare("SELECT chat_id FROM subscribers").all()).toEqual([{ chat_id: ASKER }]);
    db.close();
  }, E2E_TIMEOUT);
});

describe("QUESTION_LOG=off", () => {
  it("logs nothing, offers no 👍/👎, and /revue says the log is off", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "visite-qlog-off-"));
    const fake = await startFakeBotApi({ token: TOKEN });
    const bot = startBot({ BOT_TOKEN: TOKEN, BOT_API_ROOT: fake.apiRoot, ADMIN_IDS: String(ADMIN), QUESTION_LOG: "off" }, { dataDir });
    try {
      await bot.waitForLog((l) => l["msg"] === "polling started", E2E_TIMEOUT - 5000);
      fake.sendText({ chatId: ASKER, text: "Qui a conduit la délégation ?" });
      fake.sendText({ chatId: SECOND, text: "Quel est le salaire de Tsivilev ?" });
      fake.sendText({ chatId: ADMIN, text: "/revue" });
      await fake.waitFor(() => [ASKER, SECOND, ADMIN].every((id) => fake.messagesTo(id).length > 0), 10_000);
      expect(buttons(fake.messagesTo(ASKER)[0]).map((b) => b.text)).not.toContain("👍");
      expect(text(fake.messagesTo(ADMIN)[0])).toContain("QUESTION_LOG=off");
      await shutdown(bot);
      const db = new Database(join(dataDir, "bot.sqlite"), { readonly: true });
      expect(db.prepare("SELECT count(*) AS n FROM question_log").get()).toEqual({ n: 0 });
      db.close();
    } finally {
      await shutdown(bot);
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, E2E_TIMEOUT);
});
