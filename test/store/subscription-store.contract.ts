/**
 * The contract of a SubscriptionStore (src/store/types.ts), run against every implementation (SQLite and
 * PostgreSQL, contracts.test.ts): what the subscription features and the exactly-once broadcaster rely on,
 * including two connections (processes, instances) working on the same data at once.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { OutboxRow, SubscriptionStore } from "../../src/store/types.ts";

export type ContractStore = SubscriptionStore & {
  insertSubscribersForTesting(chatIds: Iterable<number>, now: Date): void | Promise<void>;
  claimPending(updateId: string, limit: number): Promise<OutboxRow[]>;
  outboxForTesting(updateId: string): Promise<Record<number, string>>;
};

/** A store on fresh, empty data, and a way to open a second connection to the same data. */
export type OpenFresh = () => Promise<{ store: ContractStore; another(): Promise<ContractStore> }>;

const T0 = new Date("2025-07-28T10:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);
const alive = () => true;

export function subscriptionStoreContract(name: string, openFresh: OpenFresh): void {
  describe(`SubscriptionStore contract: ${name}`, () => {
    const opened: ContractStore[] = [];
    const fresh = async () => {
      const { store, another } = await openFresh();
      opened.push(store);
      return {
        store,
        another: async () => {
          const s = await another();
          opened.push(s);
          return s;
        },
      };
    };
    afterEach(async () => {
      for (const s of opened.splice(0).reverse()) await s.close();
    });

    it("subscribe, getSubscriber, unsubscribe and resubscribe", async () => {
      const { store } = await fresh();
      expect(await store.getSubscriber(5)).toBeUndefined();
      const first = await store.subscribe(5, "private", T0);
      expect(first).toEqual({ changed: true, subscriber: { chatId: 5, chatType: "private", active: true, subscribedAt: T0.toISOString() } });
      const again = await store.subscribe(5, "private", later(60_000));
      expect(again.changed).toBe(false);
      expect(again.subscriber.subscribedAt).toBe(T0.toISOString());
      expect(await store.unsubscribe(5, later(120_000))).toBe(true);
      expect(await store.unsubscribe(5, later(130_000))).toBe(false);
      expect(await store.unsubscribe(6, later(130_000))).toBe(false);
      expect(await store.getSubscriber(5)).toEqual({ chatId: 5, chatType: "private", active: false, subscribedAt: T0.toISOString(), unsubscribedAt: later(120_000).toISOString() });
      expect((await store.subscribe(5, "private", later(180_000))).subscriber.subscribedAt).toBe(later(180_000).toISOString());
    });

    it("keeps chat ids of every size Telegram uses (supergroups are -100…, 13 digits)", async () => {
      const { store } = await fresh();
      const big = -1_002_345_678_901;
      await store.subscribe(big, "supergroup", T0);
      expect((await store.getSubscriber(big))?.chatId).toBe(big);
      expect((await store.pageActive(Number.MIN_SAFE_INTEGER, 10)).map((s) => s.chatId)).toEqual([big]);
    });

    it("deactivate records the reason; a new subscription clears it", async () => {
      const { store } = await fresh();
      await store.subscribe(7, "private", T0);
      await store.deactivate(7, "Forbidden: bot was blocked by the user", later(1));
      expect(await store.getSubscriber(7)).toMatchObject({ active: false, deactivatedReason: "Forbidden: bot was blocked by the user" });
      expect(await store.countActive()).toBe(0);
      await store.deactivate(8, "gone", later(2));
      expect(await store.getSubscriber(8)).toBeUndefined();
      const { changed, subscriber } = await store.subscribe(7, "private", later(3));
      expect(changed).toBe(true);
      expect(subscriber.deactivatedReason).toBeUndefined();
    });

    it("migrateChat moves an active subscription once, keeping its date", async () => {
      const { store } = await fresh();
      await store.subscribe(-5, "group", T0);
      expect(await store.migrateChat(-5, -1005, later(1))).toBe(true);
      expect(await store.getSubscriber(-1005)).toMatchObject({ active: true, chatType: "supergroup", subscribedAt: T0.toISOString() });
      expect(await store.getSubscriber(-5)).toMatchObject({ active: false, deactivatedReason: "became the supergroup -1005" });
      expect(await store.migrateChat(-5, -1005, later(2))).toBe(false);
    });

    it("countActive and pageActive: keyset paging returns every active chat once, in order", async () => {
      const { store } = await fresh();
      const ids = Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? i * 37 + 1 : -(i * 41 + 3)));
      await store.insertSubscribersForTesting(ids, T0);
      const unsubscribed = ids.filter((_, i) => i % 7 === 0);
      for (const id of unsubscribed) await store.unsubscribe(id, later(1));
      const expected = ids.filter((id) => !unsubscribed.includes(id)).sort((a, b) => a - b);
      expect(await store.countActive()).toBe(expected.length);
      const seen: number[] = [];
      let after = Number.MIN_SAFE_INTEGER;
      for (;;) {
        const page = await store.pageActive(after, 64);
        if (page.length === 0) break;
        seen.push(...page.map((s) => s.chatId));
        after = page.at(-1)?.chatId ?? after;
      }
      expect(seen).toEqual(expected);
    });

    it("100 concurrent subscribe() calls for one chat from two connections leave one active row", async () => {
      const { store, another } = await fresh();
      const other = await another();
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? store : other).subscribe(42, "private", later(i))));
      expect(results.filter((r) => r.changed)).toHaveLength(1);
      expect(await store.countActive()).toBe(1);
    });

    it("enqueueActiveSubscribers adds every active subscriber once, and is idempotent", async () => {
      const { store } = await fresh();
      await store.insertSubscribersForTesting([1, 2, 3, 4, 5], T0);
      await store.unsubscribe(3, T0);
      expect(await store.enqueueActiveSubscribers("u1", T0)).toBe(4);
      expect(await store.enqueueActiveSubscribers("u1", later(1))).toBe(0);
      await store.subscribe(6, "private", later(2));
      expect(await store.enqueueActiveSubscribers("u1", later(3))).toBe(1);
      await store.enqueueChat("u1", 6, later(4));
      expect(Object.keys(await store.outboxForTesting("u1")).map(Number)).toEqual([1, 2, 4, 5, 6]);
      expect((await store.summary("u1")).byStatus.pending).toBe(5);
    });

    it("pendingPage skips unsubscribed chats; claim hands a row out once; releaseClaim and finish", async () => {
      const { store } = await fresh();
      await store.insertSubscribersForTesting([10, 20, 30, 40, 50], T0);
      await store.enqueueActiveSubscribers("u", T0);
      await store.unsubscribe(20, later(1));
      const page = await store.pendingPage("u", 2);
      expect(page.map((r) => r.chatId)).toEqual([10]);
      expect((await store.outboxForTesting("u"))[20]).toBe("skipped");
      expect(await store.claim("u", 10)).toBe(true);
      expect(await store.claim("u", 10)).toBe(false);
      expect((await store.claimPending("u", 10)).map((r) => r.chatId)).toEqual([30, 40, 50]);
      await store.releaseClaim("u", 40, 3);
      expect(await store.claimPending("u", 10)).toEqual([{ updateId: "u", chatId: 40, status: "sending", attempts: 3 }]);
      await store.finish("u", 10, "sent", later(2));
      await store.releaseClaim("u", 10, 0);
      expect((await store.outboxForTesting("u"))[10]).toBe("sent");
      expect((await store.summary("u")).byStatus).toMatchObject({ sent: 1, sending: 3, skipped: 1, pending: 0 });
    });

    it("two connections claiming at once never get the same chat", async () => {
      const { store, another } = await fresh();
      const other = await another();
      await store.insertSubscribersForTesting(Array.from({ length: 300 }, (_, i) => i + 1), T0);
      await store.enqueueActiveSubscribers("u", T0);
      const claimed: number[] = [];
      const worker = async (s: ContractStore) => {
        for (;;) {
          const rows = await s.claimPending("u", 7);
          if (rows.length === 0) return;
          claimed.push(...rows.map((r) => r.chatId));
        }
      };
      const rowByRow = async (s: ContractStore) => {
        for (;;) {
          const page = await s.pendingPage("u", 5);
          if (page.length === 0) return;
          for (const row of page) if (await s.claim("u", row.chatId)) claimed.push(row.chatId);
        }
      };
      await Promise.all([worker(store), worker(other), rowByRow(store), rowByRow(other)]);
      expect(claimed).toHaveLength(300);
      expect(new Set(claimed).size).toBe(300);
    });

    it("markInterruptedSends: a row whose body had left becomes unknown, one still connecting goes back to pending", async () => {
      const { store } = await fresh();
      await store.insertSubscribersForTesting([1, 2, 3, 4, 5], T0);
      await store.enqueueActiveSubscribers("u", T0);
      await store.claimPending("u", 4);
      await store.finish("u", 1, "sent", later(1));
      await store.finish("u", 2, "failed", later(1), "boom");
      await store.markBodySent("u", 3);
      expect(await store.markInterruptedSends("u")).toEqual({ unknown: 1, requeued: 1 });
      expect(await store.markInterruptedSends("u")).toEqual({ unknown: 0, requeued: 0 });
      expect(await store.outboxForTesting("u")).toEqual({ 1: "sent", 2: "failed", 3: "unknown", 4: "pending", 5: "pending" });
      expect((await store.claimPending("u", 10)).map((r) => r.chatId)).toEqual([4, 5]);
    });

    it("requeueRetryable puts back failures on a passing fault, not permanent ones", async () => {
      const { store } = await fresh();
      await store.insertSubscribersForTesting([1, 2, 3], T0);
      await store.enqueueActiveSubscribers("u", T0);
      await store.claimPending("u", 3);
      await store.finish("u", 1, "failed", later(1), "Bad Gateway", { retryable: true });
      await store.finish("u", 2, "failed", later(1), "Bad Request: message is too long");
      await store.finish("u", 3, "sent", later(1));
      expect(await store.requeueRetryable("u")).toBe(1);
      expect(await store.outboxForTesting("u")).toEqual({ 1: "pending", 2: "failed", 3: "sent" });
    });

    it("summary counts every status and the broadcast dates", async () => {
      const { store } = await fresh();
      await store.insertSubscribersForTesting([1, 2, 3], T0);
      expect((await store.summary("none")).total).toBe(0);
      expect(await store.acquireLease("u", "me", T0, 1000, alive)).toBe(true);
      await store.enqueueActiveSubscribers("u", T0);
      await store.claimPending("u", 3);
      await store.finish("u", 1, "sent", later(1));
      await store.finish("u", 2, "deactivated", later(1), "blocked");
      await store.finish("u", 3, "sent", later(1));
      const summary = await store.summary("u");
      expect(summary).toMatchObject({ updateId: "u", total: 3, startedAt: T0.toISOString() });
      expect(summary.byStatus).toEqual({ pending: 0, sending: 0, sent: 2, failed: 0, deactivated: 1, skipped: 0, unknown: 0 });
      expect(summary.finishedAt).toBeUndefined();
      await store.releaseLease("u", "me");
      expect((await store.summary("u")).finishedAt).toBeDefined();
    });

    it("the publishing lease: one owner at a time across connections, taken over when dead or expired", async () => {
      const { store, another } = await fresh();
      const other = await another();
      const race = await Promise.all([store.acquireLease("u", "a", T0, 30_000, alive), other.acquireLease("u", "b", T0, 30_000, alive)]);
      expect(race.filter(Boolean)).toHaveLength(1);
      const holder = race[0] ? "a" : "b";
      const loser = holder === "a" ? "b" : "a";
      expect(await store.acquireLease("u", holder, later(1000), 30_000, alive)).toBe(true);
      expect(await store.acquireLease("u", loser, later(29_000), 30_000, alive)).toBe(false);
      expect(await store.acquireLease("u", loser, later(31_001), 30_000, alive)).toBe(true);
      expect(await store.acquireLease("u", holder, later(31_002), 30_000, () => false)).toBe(true);
      await store.releaseLease("u", loser);
      expect(await store.acquireLease("u", loser, later(31_003), 30_000, alive)).toBe(false);
      await store.releaseLease("u", holder);
      expect(await store.acquireLease("u", loser, later(31_004), 30_000, alive)).toBe(true);
    });
  });
}
