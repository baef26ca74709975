/**
 * Scale-out, end to end: three real bot processes in webhook mode on one PostgreSQL, behind a small round-robin
 * proxy on 127.0.0.1 (the load balancer), against the fake Bot API enforcing Telegram's overall limit.
 * - questions land on any instance and are answered once, a redelivery to another instance included;
 * - two updates published from two instances at once, a third /publier of the first refused as busy;
 * - the instance publishing the first update is killed with SIGKILL mid-way, restarted, and /publier resumes it
 *   (through whichever instance the proxy picks): every subscriber gets one copy of each update (a send in flight
 *   at the kill is reported unknown, never resent), and the sends of all instances together never exceed
 *   BROADCAST_RATE in any one-second window.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Update } from "grammy/types";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgStore } from "../../src/store/pg-store.ts";
import { startFakeBotApi, type FakeBotApi } from "../support/fake-bot-api.ts";
import { createTestDatabase } from "../support/pg-database.ts";
import { ROOT, startBot, type BotProcess } from "./bot-process.ts";
import { expectNoTokenInOutput, freePort, shutdown, TOKEN } from "./helpers.ts";

const SECRET = "scale-out-secret-0123456789";
const ADMIN = 5_550_001;
const SUBSCRIBERS = 1000;
const FIRST_CHAT = 600_000;
const RATE = 150;
const TIMEOUT = 120_000;
const isSubscriber = (chatId: number) => chatId >= FIRST_CHAT && chatId < FIRST_CHAT + SUBSCRIBERS;

function updateFile(id: string, title: string): string {
  return ["---", `id: ${id}`, "date: 2025-09-10", `title: ${title}`, "outlet: Rédaction", "author: Rédaction", "---", `${title} : le texte de la mise à jour.`, ""].join("\n");
}

/** Round-robin HTTP proxy: each request to the next instance, like a load balancer. */
function roundRobinProxy(ports: () => number[]): Promise<{ server: Server; port: number }> {
  let next = 0;
  const server = createServer((req, res) => {
    const targets = ports();
    const port = targets[next++ % targets.length] as number;
    const upstream = request({ host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("error", () => {
      // The instance is down: like a load balancer, answer 502 (Telegram would redeliver the update later).
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({ server, port: (server.address() as { port: number }).port })));
}

let updateId = 900_000;
function textUpdate(chatId: number, text: string): Update {
  const id = ++updateId;
  const entities = text.startsWith("/") ? [{ type: "bot_command" as const, offset: 0, length: text.split(" ")[0]?.length ?? 0 }] : undefined;
  return {
    update_id: id,
    message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private", first_name: "U" }, from: { id: chatId, is_bot: false, first_name: "U" }, text, ...(entities ? { entities } : {}) },
  } as Update;
}

describe("three webhook instances on one PostgreSQL", () => {
  let fake: FakeBotApi;
  let databaseUrl: string;
  let knowledgeDir: string;
  let dataDir: string;
  let proxy: { server: Server; port: number };
  const ports: number[] = [];
  const bots: Array<BotProcess | undefined> = [];

  const startInstance = (i: number) => {
    const port = ports[i] as number;
    bots[i] = startBot(
      {
        BOT_TOKEN: TOKEN,
        BOT_API_ROOT: fake.apiRoot,
        BOT_MODE: "webhook",
        WEBHOOK_URL: `https://127.0.0.1:${proxy.port}/hook`,
        WEBHOOK_SECRET: SECRET,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: "4",
        KNOWLEDGE_DIR: knowledgeDir,
        ADMIN_IDS: String(ADMIN),
        BROADCAST_RATE: String(RATE),
      },
      // One DATA_DIR for all: they share its install secret (follow-ups and asker counts agree across instances).
      { dataDir, direct: true },
    );
    return (bots[i] as BotProcess).waitForLog((l) => l["msg"] === "webhook server listening", 30_000);
  };

  const post = (update: Update) =>
    fetch(`http://127.0.0.1:${proxy.port}/hook`, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
      body: JSON.stringify(update),
      signal: AbortSignal.timeout(10_000),
    });

  /** The broadcast copies of an update (the admin's progress messages name it too, but are not sent to subscribers). */
  const sendsOf = (title: string) =>
    fake.calls.filter((c) => c.method === "sendMessage" && isSubscriber(Number(c.payload["chat_id"])) && String(c.payload["text"]).includes(title));

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    knowledgeDir = mkdtempSync(join(tmpdir(), "visite-scale-knowledge-"));
    dataDir = mkdtempSync(join(tmpdir(), "visite-scale-data-"));
    cpSync(resolve(ROOT, "knowledge"), knowledgeDir, { recursive: true });
    writeFileSync(join(knowledgeDir, "updates", "accord-energie-2025-09-10.md"), updateFile("accord-energie-2025-09-10", "Accord sur l’énergie signé"));
    writeFileSync(join(knowledgeDir, "updates", "visite-retour-2025-09-10.md"), updateFile("visite-retour-2025-09-10", "Visite retour à Moscou annoncée"));
    const store = await PgStore.connect(databaseUrl);
    await store.insertSubscribersForTesting(
      Array.from({ length: SUBSCRIBERS }, (_, i) => FIRST_CHAT + i),
      new Date("2025-07-28T10:00:00Z"),
    );
    await store.close();
    // Telegram's limit counts every message; the admin's progress edits and the answers come on top of the
    // broadcasts, as BROADCAST_RATE below Telegram's limit leaves room for in production (25 of 30).
    fake = await startFakeBotApi({ token: TOKEN, rateLimit: { perSecond: RATE + 10 } });
    for (let i = 0; i < 3; i++) ports.push(await freePort());
    proxy = await roundRobinProxy(() => ports);
    await Promise.all([0, 1, 2].map(startInstance));
  }, TIMEOUT);

  afterAll(async () => {
    for (const b of bots) expectNoTokenInOutput(b);
    await Promise.all(bots.map((b) => shutdown(b)));
    await new Promise((r) => proxy?.server.close(r));
    await fake?.close();
    rmSync(knowledgeDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }, TIMEOUT);

  it("answers questions whichever instance gets them, and a redelivery to another instance only once", async () => {
    const asked = textUpdate(5_550_100, "Qui a conduit la délégation ?");
    for (let i = 0; i < 3; i++) expect((await post(asked)).status).toBe(200); // the same update, to each instance in turn
    for (let k = 0; k < 6; k++) expect((await post(textUpdate(5_550_101 + k, "Quand la délégation est-elle arrivée ?"))).status).toBe(200);
    await fake.waitFor(() => [0, 1, 2, 3, 4, 5].every((k) => fake.messagesTo(5_550_101 + k).length > 0), 15_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.messagesTo(5_550_100)).toHaveLength(1);
    expect(String(fake.messagesTo(5_550_100)[0]?.payload["text"])).toContain("Sergei Tsivilev");
    // Every instance did some of the answering.
    const answering = bots.map((b) => (b?.logs() ?? []).filter((l) => l["msg"] === "update handled").length);
    expect(answering.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
  }, TIMEOUT);

  it("two broadcasts from two instances at once, one killed mid-way and resumed: one copy each, within one global rate", async () => {
    const A = "Accord sur l’énergie signé";
    const B = "Visite retour à Moscou annoncée";
    await post(textUpdate(ADMIN, "/publier accord-energie-2025-09-10"));
    await post(textUpdate(ADMIN, "/publier visite-retour-2025-09-10"));
    await post(textUpdate(ADMIN, "/publier accord-energie-2025-09-10")); // a second, concurrent /publier of A
    await fake.waitFor(() => sendsOf(A).length >= 250, 30_000);
    // Kill the instance publishing A (its log says so), in the middle of it.
    const publisherOfA = bots.findIndex((b) => (b?.logs() ?? []).some((l) => l["msg"] === "broadcast starting" && l["update"] === "accord-energie-2025-09-10"));
    expect(publisherOfA).toBeGreaterThanOrEqual(0);
    await (bots[publisherOfA] as BotProcess).stop("SIGKILL");
    const sentBeforeKill = sendsOf(A).length;
    expect(sentBeforeKill).toBeLessThan(SUBSCRIBERS);
    await startInstance(publisherOfA);
    // The admin publishes A again: whichever instance gets it takes over the dead one's lease and resumes.
    await post(textUpdate(ADMIN, "/publier accord-energie-2025-09-10"));
    await fake.waitFor(() => sendsOf(B).length >= SUBSCRIBERS, 60_000);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      for (;;) {
        const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE update_id = 'accord-energie-2025-09-10' AND status IN ('pending', 'sending')");
        if (rows[0]?.n === 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const statuses = await db.query<{ update_id: string; status: string; n: number }>("SELECT update_id, status, count(*)::int AS n FROM outbox GROUP BY 1, 2 ORDER BY 1, 2");
      const count = (u: string, s: string) => statuses.rows.find((r) => r.update_id === u && r.status === s)?.n ?? 0;
      const unknownA = count("accord-energie-2025-09-10", "unknown");
      expect(count("accord-energie-2025-09-10", "sent") + unknownA).toBe(SUBSCRIBERS);
      expect(unknownA).toBeLessThanOrEqual(2);
      expect(count("visite-retour-2025-09-10", "sent")).toBe(SUBSCRIBERS);
    } finally {
      await db.end();
    }
    // One copy each: no chat received A or B twice; a chat missing A is one whose send was in flight at the kill.
    for (const title of [A, B]) {
      const perChat = new Map<string, number>();
      for (const c of sendsOf(title)) perChat.set(String(c.payload["chat_id"]), (perChat.get(String(c.payload["chat_id"])) ?? 0) + 1);
      const doubled = [...perChat.entries()].filter(([, n]) => n > 1);
      expect(doubled.map(([, n]) => n)).toEqual([]);
    }
    expect(new Set(sendsOf(B).map((c) => c.payload["chat_id"])).size).toBe(SUBSCRIBERS);
    // One global rate: in no one-second window did all instances together send more than BROADCAST_RATE.
    const times = fake.calls.filter((c) => c.method === "sendMessage" && isSubscriber(Number(c.payload["chat_id"]))).map((c) => c.at).sort((x, y) => x - y);
    let worst = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while ((times[i] as number) - (times[j] as number) >= 1000) j++;
      worst = Math.max(worst, i - j + 1);
    }
    console.log(`scale-out: ${times.length} broadcast sends, busiest second ${worst} (limit ${RATE}), 429s ${fake.stats.tooManyRequests}, A sent before the kill ${sentBeforeKill}`);
    expect(worst).toBeLessThanOrEqual(RATE);
    expect(fake.stats.tooManyRequests).toBe(0);
  }, TIMEOUT);
});
