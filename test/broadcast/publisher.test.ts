import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import type { MessageSender } from "../../src/broadcast/broadcaster.ts";
import { createPublisher, isPublisherAlive, thisPublisher, UnknownUpdateError } from "../../src/broadcast/publisher.ts";
import type { Knowledge, Source } from "../../src/engine/knowledge/types.ts";
import { createLogger } from "../../src/logger.ts";
import { SqliteStore } from "../../src/store/sqlite-store.ts";

const source = (id: string, kind: Source["kind"]): Source => ({
  id,
  kind,
  title: `Titre ${id}`,
  outlet: "Info Matin",
  author: "Rédaction",
  date: "2025-07-29",
  file: kind === "update" ? `updates/${id}.md` : `sources/${id}.txt`,
  paragraphs: [{ number: 1, text: "Texte.", isBoilerplate: false }],
});

function knowledge(sources: Source[]): Knowledge {
  return { sources, passages: [], topics: [], faq: [], lexicon: { synonyms: [], spellings: {}, event: [], frames: [] } };
}

function publisherWith(sources: Source[]) {
  const sent: number[] = [];
  const sender: MessageSender = {
    sendMessage: async (chatId) => {
      sent.push(chatId);
      return {};
    },
  };
  const store = new SqliteStore(":memory:");
  const publisher = createPublisher({ store, sender, knowledge: () => knowledge(sources), ratePerSecond: 1000, logger: createLogger({ level: "silent", secrets: [] }) });
  return { publisher, store, sent };
}

describe("createPublisher", () => {
  it("knows only the updates, not the articles", () => {
    const { publisher } = publisherWith([source("article-1", "article"), source("maj-1", "update"), source("maj-2", "update")]);
    expect(publisher.knownUpdates().map((u) => u.id)).toEqual(["maj-1", "maj-2"]);
    expect(publisher.find("maj-2").title).toBe("Titre maj-2");
  });

  it("an unknown id (or an article id) lists the known updates", () => {
    const { publisher } = publisherWith([source("article-1", "article"), source("maj-1", "update"), source("maj-2", "update")]);
    for (const id of ["inconnue", "article-1"]) {
      const attempt = () => publisher.find(id);
      expect(attempt).toThrow(UnknownUpdateError);
      expect(attempt).toThrow(`Unknown update "${id}". Known updates (knowledge/updates/): maj-1, maj-2`);
    }
  });

  it("without any update, says how to write one", () => {
    const { publisher } = publisherWith([source("article-1", "article")]);
    expect(() => publisher.find("x")).toThrow(/there is no update yet\. Write knowledge\/updates\/<id>\.md/);
  });

  it("publish() rejects an unknown id without sending, and sends a known one", async () => {
    const { publisher, store, sent } = publisherWith([source("maj-1", "update")]);
    store.insertSubscribersForTesting([1, 2, 3], new Date());
    expect(() => publisher.publish("nope")).toThrow(UnknownUpdateError);
    const result = await publisher.publish("maj-1");
    expect(sent.sort()).toEqual([1, 2, 3]);
    expect(result.summary.byStatus.sent).toBe(3);
    await store.close();
  });
});

describe("lease owners", () => {
  it("thisPublisher is host:pid:start time", () => {
    expect(thisPublisher()).toMatch(new RegExp(`^${hostname()}:${process.pid}:\\d+$`));
  });

  it("a live process on this host is alive, a finished one is not", () => {
    expect(isPublisherAlive(thisPublisher())).toBe(true);
    const done = spawnSync(process.execPath, ["-e", "0"]);
    expect(done.pid).toBeGreaterThan(0);
    expect(isPublisherAlive(`${hostname()}:${done.pid}`)).toBe(false);
  });

  it("a killed publisher that is still a zombie (nothing reaped it) is dead", async () => {
    // sh starts a short child, then becomes \`sleep\` (exec), which never reaps it: the child stays a zombie.
    const parent = spawn("sh", ["-c", "sleep 0.05 & echo $!; exec sleep 5"], { stdio: ["ignore", "pipe", "ignore"] });
    try {
      const pid = Number((await new Promise<Buffer>((ok) => parent.stdout.once("data", ok))).toString().trim());
      await new Promise((r) => setTimeout(r, 300));
      expect(readFileSync(`/proc/${pid}/stat`, "utf8")).toMatch(/\) Z /);
      expect(isPublisherAlive(`${hostname()}:${pid}:`)).toBe(false);
    } finally {
      parent.kill("SIGKILL");
    }
  });

  it("a pid now used by another process (another start time) is not the owner", () => {
    expect(isPublisherAlive(`${hostname()}:${process.pid}:1`)).toBe(false);
    expect(isPublisherAlive(`${hostname()}:${process.pid}`)).toBe(true);
  });

  it("an owner on another host, or a name it cannot read, is presumed alive", () => {
    expect(isPublisherAlive("another-host:1")).toBe(true);
    expect(isPublisherAlive(`${hostname()}:not-a-pid`)).toBe(true);
  });

  it("a host name containing ':' is read up to the last ':'", () => {
    expect(isPublisherAlive(`${hostname()}:x:${process.pid}`)).toBe(true);
  });
});
