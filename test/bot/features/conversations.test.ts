import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConversationMemory } from "../../../src/bot/conversation-memory.ts";
import { createLogger } from "../../../src/logger.ts";
import { SqliteStore } from "../../../src/store/sqlite-store.ts";
import { createTestBot, groupTextUpdate, textOf, textUpdate, user } from "../helpers.ts";

function botWithMemory(options: { now?: () => number } = {}) {
  const store = new SqliteStore(":memory:");
  const memory = new ConversationMemory(store, randomBytes(32), createLogger({ level: "silent", secrets: [] }), options.now);
  return { store, t: createTestBot({ deps: { conversations: memory, store }, ...(options.now ? { now: options.now } : {}) }) };
}

const lastText = (t: ReturnType<typeof createTestBot>) => textOf(t.messages().at(-1));

describe("follow-up questions", () => {
  it("reads 'et il a quel âge ?' with the previous question: the article does not give his age", async () => {
    const { t } = botWithMemory();
    await t.handle(textUpdate("Qui dirigeait la délégation ?"));
    expect(lastText(t)).toContain("Sergei Tsivilev");
    await t.handle(textUpdate("et il a quel âge ?"));
    expect(lastText(t)).toContain("L’article ne dit rien");
    expect(lastText(t)).not.toContain("Je ne peux répondre qu’aux questions sur");
  });

  it("reads 'et quand ?' with the subject, and a new question on its own", async () => {
    const { t } = botWithMemory();
    await t.handle(textUpdate("La délégation venait d’où ?"));
    await t.handle(textUpdate("et elle est arrivée quand ?"));
    expect(lastText(t)).toContain("28 juillet 2025");
    await t.handle(textUpdate("Quelles entreprises russes étaient là ?"));
    expect(lastText(t)).toContain("Rosatom");
  });

  it("never shares a subject between two people talking at once in a group, nor between chats", async () => {
    const { t } = botWithMemory();
    await t.handle(groupTextUpdate("@visite_bot Qui dirigeait la délégation ?", { from: user(11) }));
    await t.handle(groupTextUpdate("@visite_bot La délégation venait d’où ?", { from: user(12) }));
    await t.handle(groupTextUpdate("@visite_bot et il a quel âge ?", { from: user(11) }));
    expect(lastText(t)).toContain("L’article ne dit rien");
    await t.handle(textUpdate("et il a quel âge ?", { chatId: 777, from: user(777) }));
    // No conversation in that private chat: the message stands alone (nothing in it is about the visit).
    expect(lastText(t)).toContain("Je ne peux répondre qu’aux questions sur");
  });

  it("forgets the subject after ten minutes", async () => {
    let clock = 1_000_000;
    const { t } = botWithMemory({ now: () => clock });
    await t.handle(textUpdate("Qui dirigeait la délégation ?"));
    clock += 11 * 60_000;
    await t.handle(textUpdate("et il a quel âge ?"));
    expect(lastText(t)).not.toContain("L’article ne dit rien à ce sujet (« age »)");
  });

  it("stores keyed hashes of chat and user, never their ids", async () => {
    const { t, store } = botWithMemory();
    await t.handle(groupTextUpdate("@visite_bot Qui dirigeait la délégation ?", { from: user(424242) }));
    await new Promise((r) => setTimeout(r, 10));
    const rows = (store as unknown as { db: { prepare(sql: string): { all(): Array<{ key: string }> } } }).db.prepare("SELECT key FROM conversations").all();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.key).toMatch(/^[0-9a-f]{32}$/);
    expect(rows[0]?.key).not.toContain("424242");
  });
});
