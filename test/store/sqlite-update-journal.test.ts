import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteUpdateJournal } from "../../src/store/sqlite-update-journal.ts";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "visite-journal-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const update = (id: number) => ({ update_id: id, message: { message_id: id, date: 0, chat: { id: 1, type: "private" }, text: `q${id}` } });
const T0 = new Date("2025-08-01T10:00:00Z");

describe("update journal", () => {
  it("records each update once: a redelivery is not new", async () => {
    const journal = SqliteUpdateJournal.open(tempDir());
    expect([...(await journal.record([update(1), update(2)], T0))]).toEqual([1, 2]);
    expect([...(await journal.record([update(2), update(3)], T0))]).toEqual([3]);
    await journal.close();
  });

  it("after a crash: unhandled updates are replayed in order, those whose reply was leaving are closed, handled ones forgotten", async () => {
    const dir = tempDir();
    const first = SqliteUpdateJournal.open(dir);
    await first.record([update(10), update(11), update(12), update(13)], T0);
    await first.markReplying(11);
    first.markDone(12);
    await first.close(); // flushes the done marks; a kill -9 would lose them, which only re-handles update 12
    const second = SqliteUpdateJournal.open(dir);
    const { replay, interrupted } = await second.recover();
    expect(replay.map((u) => (u as { update_id: number }).update_id)).toEqual([10, 13]);
    expect(interrupted).toBe(1);
    expect((await second.recover()).interrupted).toBe(0);
    // A redelivered update is still known as received.
    expect([...(await second.record([update(11), update(14)], T0))]).toEqual([14]);
    await second.close();
  });

  it("keeps the update as received, so what it says can be handled again", async () => {
    const journal = SqliteUpdateJournal.open(tempDir());
    await journal.record([update(20)], T0);
    expect((await journal.recover()).replay).toEqual([update(20)]);
    await journal.close();
  });

  it("prunes handled updates older than the limit, never unhandled ones", async () => {
    const journal = SqliteUpdateJournal.open(tempDir());
    await journal.record([update(30), update(31)], T0);
    journal.markDone(30);
    await new Promise((r) => setTimeout(r, 300));
    expect(await journal.prune(new Date(T0.getTime() + 1))).toBe(1);
    expect((await journal.recover()).replay).toHaveLength(1);
    await journal.close();
  });
});
