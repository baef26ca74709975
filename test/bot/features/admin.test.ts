import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { BackgroundJobs } from "../../../src/bot/background-jobs.ts";
import type { MessageSender } from "../../../src/broadcast/broadcaster.ts";
import { createPublisher, thisPublisher } from "../../../src/broadcast/publisher.ts";
import type { Knowledge, Source } from "../../../src/engine/knowledge/types.ts";
import { SqliteStore } from "../../../src/store/sqlite-store.ts";
import { parseTelegramHtml } from "../../support/fake-bot-api.ts";
import { createTestBot, groupTextUpdate, memoryLogger, textOf, textUpdate, TOKEN, testEngine, user, type TestBot } from "../helpers.ts";

const ADMIN = 7001;
const STRANGER = 7002;

function update(id: string, title: string): Source {
  return {
    id,
    kind: "update",
    title,
    outlet: "Info Matin",
    author: "Rédaction",
    date: "2025-07-29",
    file: `updates/${id}.md`,
    paragraphs: [{ number: 1, text: `Texte de ${title}.`, isBoilerplate: false }],
  };
}

const ACCORD = update("accord-energie", "Accord <énergie> & mines");
const SUITE = update("suite-visite", "Suite de la visite");

const dirs: string[] = [];
const stores: SqliteStore[] = [];
const jobsToStop: BackgroundJobs[] = [];
const gates: Array<() => void> = [];

afterEach(async () => {
  for (const release of gates.splice(0)) release();
  for (const j of jobsToStop.splice(0)) await j.stopAll();
  for (const s of stores.splice(0)) await s.close();
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Sent {
  chatId: number;
  text: string;
}

/** A sender that records, and can be held (gate) to keep a broadcast running. */
function recordingSender() {
  const sent: Sent[] = [];
  let open: () => void = () => undefined;
  let gate: Promise<void> | undefined;
  const sender: MessageSender = {
    async sendMessage(chatId, text) {
      if (gate) await gate;
      sent.push({ chatId, text });
      return { message_id: sent.length };
    },
  };
  return {
    sender,
    sent,
    hold() {
      gate = new Promise<void>((r) => (open = r));
      gates.push(() => open());
    },
    release() {
      gate = undefined;
      open();
    },
  };
}

function setup(options: { updates?: Source[]; subscribers?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "visite-admin-"));
  dirs.push(dir);
  const store = SqliteStore.open(dir);
  stores.push(store);
  const ids = Array.from({ length: options.subscribers ?? 30 }, (_, i) => 100 + i);
  store.insertSubscribersForTesting(ids, new Date());
  const base = testEngine().knowledge;
  const knowledge: Knowledge = { ...base, sources: [...base.sources.filter((s) => s.kind !== "update"), ...(options.updates ?? [ACCORD, SUITE])] };
  const recorder = recordingSender();
  const jobs = new BackgroundJobs();
  jobsToStop.push(jobs);
  const publisher = createPublisher({ store, sender: recorder.sender, knowledge: () => knowledge, ratePerSecond: 1000, logger: memoryLogger().logger });
  const withPublisher = createTestBot({
    deps: {
      store,
      jobs,
      publisher,
      config: { BOT_TOKEN: TOKEN, BOT_API_ROOT: "http://127.0.0.1:9", FLOOD_LIMIT: 10, FLOOD_WINDOW_SECONDS: 30, ADMIN_IDS: [ADMIN] },
    },
  });
  return { t: withPublisher, store, jobs, recorder, ids };
}

const fromAdmin = (text: string) => textUpdate(text, { chatId: ADMIN, from: user(ADMIN) });
const fromStranger = (text: string) => textUpdate(text, { chatId: STRANGER, from: user(STRANGER) });

function lastText(t: TestBot): string {
  const messages = t.messages();
  return parseTelegramHtml(textOf(messages[messages.length - 1])).text;
}

const edits = (t: TestBot) => t.callsOf("editMessageText");
const editTexts = (t: TestBot) => edits(t).map((p) => parseTelegramHtml(String(p["text"])).text);

async function jobsDone(jobs: BackgroundJobs) {
  await vi.waitFor(() => expect(jobs.size).toBe(0), { timeout: 10_000, interval: 10 });
}

describe("/publier", () => {
  it("is refused to anyone not in ADMIN_IDS, with a warning in the log", async () => {
    const { t, jobs, recorder } = setup();
    await t.handle(fromStranger(`/publier ${ACCORD.id}`));
    expect(lastText(t)).toBe("Cette commande est réservée aux administrateurs du bot.");
    const warnings = t.log.find("publish refused: not an admin");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, user_id: STRANGER });
    expect(jobs.size).toBe(0);
    expect(recorder.sent).toEqual([]);
    // …and in a group, even by one of the group's admins.
    await t.handle(groupTextUpdate(`/publier ${ACCORD.id}`, { from: user(STRANGER) }));
    expect(lastText(t)).toBe("Cette commande est réservée aux administrateurs du bot.");
    expect(recorder.sent).toEqual([]);
  });

  it("without an id lists the available updates", async () => {
    const { t } = setup();
    await t.handle(fromAdmin("/publier"));
    expect(lastText(t)).toBe(`Usage : /publier <id>\nMises à jour disponibles : ${ACCORD.id}, ${SUITE.id}`);
    const codes = parseTelegramHtml(textOf(t.messages()[0])).entities.filter((e) => e.type === "code");
    expect(codes).toHaveLength(2);
  });

  it("without an id and without updates says there are none", async () => {
    const { t } = setup({ updates: [] });
    await t.handle(fromAdmin("/publier"));
    expect(lastText(t)).toBe("Aucune mise à jour dans knowledge/updates/.");
  });

  it("an unknown id lists the known ones, and publishes nothing", async () => {
    const { t, jobs, recorder } = setup();
    await t.handle(fromAdmin("/publier nouvelle-<b>inconnue</b>"));
    expect(lastText(t)).toBe(`Mise à jour inconnue : nouvelle-<b>inconnue</b>.\nDisponibles : ${ACCORD.id}, ${SUITE.id}`);
    expect(jobs.size).toBe(0);
    expect(recorder.sent).toEqual([]);
  });

  it("an admin's publish runs in the background and edits the progress message until 'Terminée'", async () => {
    const { t, jobs, recorder, ids, store } = setup();
    await t.handle(fromAdmin(`/publier ${ACCORD.id}`));
    // The command returns at once; the progress message is there.
    expect(parseTelegramHtml(textOf(t.messages()[0])).text).toBe("Publication : Accord <énergie> & mines\nPréparation…");
    await jobsDone(jobs);

    expect(recorder.sent.map((s) => s.chatId).sort((a, b) => a - b)).toEqual(ids);
    expect(recorder.sent[0]?.text).toContain("Accord &lt;énergie&gt; &amp; mines");
    const all = edits(t);
    expect(all.length).toBeGreaterThanOrEqual(1);
    // Always the same message (the progress message), never a new one.
    for (const e of all) expect(e).toMatchObject({ chat_id: ADMIN, message_id: all[0]?.["message_id"], parse_mode: "HTML" });
    expect(t.messages()).toHaveLength(1);
    const texts = editTexts(t);
    const final = texts[texts.length - 1] ?? "";
    expect(final).toContain(`Publication : Accord <énergie> & mines\n${ids.length}/${ids.length} (100 %) — envoyés ${ids.length}, désactivés 0, échecs 0`);
    expect(final).toMatch(/✅ Terminée en \d+\.\d s \(inconnus : 0\)\./);
    expect(t.log.find("publish started")).toHaveLength(1);
    expect((await store.summary(ACCORD.id)).byStatus.sent).toBe(ids.length);
  });

  it("the /publish alias works too, and publishing again sends nothing new", async () => {
    const { t, jobs, recorder, ids } = setup();
    await t.handle(fromAdmin(`/publish ${SUITE.id}`));
    await jobsDone(jobs);
    expect(recorder.sent).toHaveLength(ids.length);
    t.reset();
    await t.handle(fromAdmin(`/publier ${SUITE.id}`));
    await jobsDone(jobs);
    expect(recorder.sent).toHaveLength(ids.length);
    // Was a defect: a repeated /publier said "envoyés N" again, as if it had sent them.
    const last = editTexts(t).pop() ?? "";
    expect(last).toContain("Déjà publiée");
    expect(last).toContain(`${ids.length} abonné(s)`);
    expect(last).toContain("Rien de nouveau n’est parti");
  });

  it("a second /publier while the first runs says it is already running, and nothing is sent twice", async () => {
    const { t, jobs, recorder, ids } = setup();
    recorder.hold();
    await t.handle(fromAdmin(`/publier ${ACCORD.id}`));
    await t.handle(fromAdmin(`/publier ${ACCORD.id}`));
    expect(t.messages()).toHaveLength(2);
    const already = edits(t).filter((e) => String(e["text"]).includes("Déjà en cours"));
    expect(already).toHaveLength(1);
    expect(parseTelegramHtml(String(already[0]?.["text"])).text).toBe("Publication : Accord <énergie> & mines\nDéjà en cours : rien ne sera envoyé en double.");
    // It edits the second progress message, not the first one.
    const firstJobEdits = edits(t).filter((e) => !String(e["text"]).includes("Déjà en cours"));
    expect(firstJobEdits.every((e) => e["message_id"] !== already[0]?.["message_id"])).toBe(true);
    recorder.release();
    await jobsDone(jobs);
    expect(recorder.sent).toHaveLength(ids.length);
    expect(new Set(recorder.sent.map((s) => s.chatId)).size).toBe(ids.length);
  });

  it("reports in the progress message when another process holds the update", async () => {
    const { t, jobs, recorder, store } = setup();
    // Another host is publishing it (presumed alive, lease still valid).
    expect(await store.acquireLease(ACCORD.id, "autre-serveur:4242", new Date(), 60_000, () => true)).toBe(true);
    await t.handle(fromAdmin(`/publier ${ACCORD.id}`));
    await jobsDone(jobs);
    expect(recorder.sent).toEqual([]);
    const final = editTexts(t).pop() ?? "";
    expect(final).toContain("❌");
    expect(final).toContain("being published by another process");
    expect(t.log.find("publish failed")).toHaveLength(1);
    expect(thisPublisher()).not.toBe("autre-serveur:4242");
  });

  it("a bot stop interrupts the publish cleanly, and /publier resumes it", async () => {
    const { t, jobs, recorder, ids } = setup({ subscribers: 50 });
    let calls = 0;
    const original = recorder.sender.sendMessage.bind(recorder.sender);
    recorder.sender.sendMessage = async (chatId, text, other) => {
      if (++calls === 10) recorder.hold();
      return original(chatId, text, other);
    };
    await t.handle(fromAdmin(`/publier ${ACCORD.id}`));
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(10));
    const stopping = jobs.stopAll();
    recorder.release();
    await stopping;
    expect(editTexts(t).pop()).toContain("⏸ Interrompue (arrêt du bot) : relancez /publier pour reprendre.");
    const sentBefore = recorder.sent.length;
    expect(sentBefore).toBeLessThan(ids.length);

    await t.handle(fromAdmin(`/publier ${ACCORD.id}`));
    await jobsDone(jobs);
    expect(editTexts(t).pop()).toContain("Terminée");
    expect(recorder.sent.map((s) => s.chatId).sort((a, b) => a - b)).toEqual(ids);
  });
});
