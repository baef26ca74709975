/** The contract of an UpdateJournal (no update lost, none handled twice), run against every implementation. */
import { describe, expect, it } from "vitest";
import type { UpdateJournal } from "../../src/store/types.ts";

/** A journal on fresh data, and a way to open it again (a restart, or another instance on the same data). */
export type OpenJournal = () => Promise<{ journal: UpdateJournal; reopen(): Promise<UpdateJournal> }>;

const update = (id: number) => ({ update_id: id, message: { message_id: id, date: 0, chat: { id: 1, type: "private" }, text: `q${id}` } });
const idsOf = (updates: unknown[]) => updates.map((u) => (u as { update_id: number }).update_id);
const T0 = new Date("2025-08-01T10:00:00Z");

export function updateJournalContract(name: string, open: OpenJournal): void {
  describe(`UpdateJournal contract: ${name}`, () => {
    it("records each update once: a redelivery (to this process or another) is not new", async () => {
      const { journal, reopen } = await open();
      const other = await reopen();
      expect([...(await journal.record([update(1), update(2)], T0))]).toEqual([1, 2]);
      expect([...(await other.record([update(2), update(3)], T0))]).toEqual([3]);
      const race = await Promise.all([journal.record([update(4)], T0), other.record([update(4)], T0)]);
      expect(race.filter((s) => s.has(4))).toHaveLength(1);
      await other.close();
      await journal.close();
    });

    it("after a crash: unhandled updates are replayed in order, those whose reply was leaving are closed", async () => {
      const { journal: first, reopen } = await open();
      await first.record([update(10), update(11), update(12), update(13)], T0);
      await first.markReplying(11);
      first.markDone(12);
      await first.close();
      const second = await reopen();
      const { replay, interrupted } = await second.recover();
      expect(idsOf(replay)).toEqual([10, 13]);
      expect(replay[0]).toEqual(update(10));
      expect(interrupted).toBe(1);
      expect((await second.recover()).interrupted).toBe(0);
      expect([...(await second.record([update(11), update(14)], T0))]).toEqual([14]);
      await second.close();
    });

    it("prunes handled updates older than the limit, never unhandled ones", async () => {
      const { journal } = await open();
      await journal.record([update(30), update(31)], T0);
      journal.markDone(30);
      await new Promise((r) => setTimeout(r, 300));
      expect(await journal.prune(new Date(T0.getTime() + 1))).toBe(1);
      expect(idsOf((await journal.recover()).replay)).toEqual([31]);
      await journal.close();
    });
  });
}
