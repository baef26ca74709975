/** The contract of a ConversationStore (follow-up memory), run against every implementation. */
import { afterEach, describe, expect, it } from "vitest";
import type { ConversationStore } from "../../src/store/types.ts";

const T0 = Date.UTC(2025, 7, 1, 12);

export function conversationStoreContract(name: string, open: () => Promise<ConversationStore & { close(): Promise<void> }>): void {
  describe(`ConversationStore contract: ${name}`, () => {
    const opened: Array<{ close(): Promise<void> }> = [];
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });
    const fresh = async () => {
      const s = await open();
      opened.push(s);
      return s;
    };

    it("recalls a subject within its age, replaces it, and forgets old ones", async () => {
      const store = await fresh();
      expect(await store.recallSubject("k1", new Date(T0), 600_000)).toBeUndefined();
      await store.rememberSubject("k1", "faq:chef-delegation", new Date(T0));
      expect(await store.recallSubject("k1", new Date(T0 + 599_000), 600_000)).toBe("faq:chef-delegation");
      expect(await store.recallSubject("k1", new Date(T0 + 601_000), 600_000)).toBeUndefined();
      await store.rememberSubject("k1", "faq:date-visite", new Date(T0 + 1000));
      expect(await store.recallSubject("k1", new Date(T0 + 2000), 600_000)).toBe("faq:date-visite");
      await store.rememberSubject("k2", "faq:auteur", new Date(T0 + 10 * 60_000));
      expect(await store.forgetSubjectsBefore(new Date(T0 + 5 * 60_000))).toBe(1);
      expect(await store.recallSubject("k2", new Date(T0 + 10 * 60_000), 600_000)).toBe("faq:auteur");
    });
  });
}
