import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { LiveEngine } from "../../../src/engine/live-engine.ts";
import { SqliteStore } from "../../../src/store/sqlite-store.ts";
import { parseTelegramHtml } from "../../support/fake-bot-api.ts";
import { logged } from "../../store/question-log.contract.ts";
import { callbackUpdate, createTestBot, inlineButtons, textOf, textUpdate, TOKEN, user, type TestBot } from "../helpers.ts";

const ADMIN = 7101;
const STRANGER = 7102;
const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function setup() {
  const knowledgeDir = mkdtempSync(join(tmpdir(), "visite-revue-"));
  dirs.push(knowledgeDir);
  cpSync(resolve(import.meta.dirname, "../../../knowledge"), knowledgeDir, { recursive: true });
  const engine = new LiveEngine(knowledgeDir);
  const store = new SqliteStore(":memory:");
  stores.push(store);
  const now = Date.now();
  // The big boss question three times by two people, the salary once: the largest group comes first.
  await store.logQuestion(logged("0000000000000001", now - 3000, { question: "Le big boss russe c'était qui ?", asker: "a" }));
  await store.logQuestion(logged("0000000000000002", now - 2000, { question: "le BIG BOSS russe c'etait qui", asker: "b" }));
  await store.logQuestion(logged("0000000000000003", now - 1000, { question: "Le big boss russe c'était qui ?", asker: "a" }));
  await store.logQuestion(logged("0000000000000004", now - 500, { question: "Quel est le salaire de Tsivilev ?", asker: "c" }));
  // `other()`: another instance (behind a load balancer), or the same bot after a restart: same store, same knowledge.
  const other = () =>
    createTestBot({
      engine,
      deps: {
        store,
        review: { log: store, knowledgeDir },
        reloadKnowledge: () => engine.reload(),
        config: { BOT_TOKEN: TOKEN, BOT_API_ROOT: "http://127.0.0.1:9", FLOOD_LIMIT: 10, FLOOD_WINDOW_SECONDS: 30, ADMIN_IDS: [ADMIN] },
      },
    });
  const t = other();
  return { t, store, engine, knowledgeDir, other };
}

const html = (p: Record<string, unknown> | undefined) => parseTelegramHtml(textOf(p)).text;
const fromAdmin = (text: string) => textUpdate(text, { chatId: ADMIN, from: user(ADMIN) });
const press = (t: TestBot, data: string, from = ADMIN) => t.handle(callbackUpdate(data, { chatId: from, from: user(from) }));

describe("/revue", () => {
  it("shows the top groups, one message each, with the nearest entry and the three actions", async () => {
    const { t } = await setup();
    await t.handle(fromAdmin("/revue"));
    const [intro, first, second] = t.messages();
    expect(html(intro)).toContain("2 groupe(s) à revoir");
    expect(html(first)).toContain("« Le big boss russe c'était qui ? »");
    expect(html(first)).toContain("3 fois, par 2 personne(s)");
    expect(html(first)).toContain("chef-delegation");
    expect(inlineButtons(first).map((b) => b.text)).toEqual([expect.stringContaining("➕ Formulation de"), "🚫 Les sources ne le disent pas", "🙈 Ignorer"]);
    expect(html(second)).toContain("salaire");
  });

  it("adds the question as a phrasing: faq.yaml is edited and the bot answers it at once", async () => {
    const { t, knowledgeDir } = await setup();
    await t.handle(fromAdmin("Le big boss russe c'était qui ?"));
    expect(html(t.messages().at(-1))).not.toContain("Sergei Tsivilev");
    await t.handle(fromAdmin("/revue"));
    const add = inlineButtons(t.messages()[2]).find((b) => b.text.startsWith("➕"))?.callback_data as string;
    t.reset();
    await press(t, add);
    expect(readFileSync(join(knowledgeDir, "faq.yaml"), "utf8")).toContain("- Le big boss russe c'était qui ?");
    const edited = parseTelegramHtml(String(t.callsOf("editMessageText")[0]?.["text"])).text;
    expect(edited).toContain("✅");
    expect(edited).toContain("Le bot répond maintenant");
    await t.handle(fromAdmin("Le big boss russe c'était qui ?"));
    expect(html(t.messages().at(-1))).toContain("Sergei Tsivilev");
    // The same button twice does nothing more.
    await press(t, add);
    expect(t.callsOf("answerCallbackQuery").at(-1)?.["text"]).toContain("plus à revoir");
  });

  it("a button shown by one instance works when pressed on another (or after a restart)", async () => {
    const { t, other, knowledgeDir } = await setup();
    await t.handle(fromAdmin("/revue"));
    const add = inlineButtons(t.messages()[1]).find((b) => b.text.startsWith("➕"))?.callback_data as string;
    const second = other();
    await press(second, add);
    expect(second.callsOf("answerCallbackQuery")[0]?.["text"]).toBe("C’est fait.");
    expect(readFileSync(join(knowledgeDir, "faq.yaml"), "utf8")).toContain("- Le big boss russe c'était qui ?");
  });

  it("records a question as not answered by the sources, and ignores a group for good", async () => {
    const { t, store, engine } = await setup();
    await t.handle(fromAdmin("/revue"));
    const salary = t.messages()[2];
    const bigBoss = t.messages()[1];
    await press(t, inlineButtons(salary).find((b) => b.text.startsWith("🚫"))?.callback_data as string);
    const answer = engine.ask("Quel est le salaire de Tsivilev ?");
    expect(answer.status).toBe("unanswerable");
    expect(answer.match?.id).toMatch(/^non-couvert-/);
    await press(t, inlineButtons(bigBoss).find((b) => b.text.startsWith("🙈"))?.callback_data as string);
    const decisions = await store.reviewDecisions();
    expect([...decisions.values()].map((d) => d.forever).sort()).toEqual([false, true]);
    t.reset();
    await t.handle(fromAdmin("/revue"));
    // Both groups are done with: the one fixed, the one ignored.
    expect(html(t.messages()[0])).toContain("Rien à revoir");
  });

  it("is refused to anyone else, and the attempt logged; their button presses too", async () => {
    const { t } = await setup();
    await t.handle(fromAdmin("/revue"));
    const add = inlineButtons(t.messages()[1])[0]?.callback_data as string;
    t.reset();
    await t.handle(textUpdate("/revue", { chatId: STRANGER, from: user(STRANGER) }));
    expect(html(t.messages()[0])).toContain("réservée aux administrateurs");
    await press(t, add, STRANGER);
    expect(t.callsOf("answerCallbackQuery")[0]?.["text"]).toContain("Réservé aux administrateurs");
    expect(t.log.find("review refused: not an admin")[0]?.["user_id"]).toBe(STRANGER);
    expect(t.log.find("review action refused: not an admin")).toHaveLength(1);
  });

  it("says so when there is nothing to review, and is not shown in a group", async () => {
    const { t, store } = await setup();
    await store.forgetQuestionsBefore(new Date(Date.now() + 1000));
    await t.handle(fromAdmin("/revue"));
    expect(html(t.messages()[0])).toContain("Rien à revoir");
    await t.handle(textUpdate("/revue", { chatId: -100123, from: user(ADMIN) }));
    expect(html(t.messages()[1])).toContain("message privé");
  });
});
