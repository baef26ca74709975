import { describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { parseTelegramHtml } from "../../support/fake-bot-api.ts";
import { createTestBot, user } from "../helpers.ts";

let next = 0;
const inlineUpdate = (query: string): Update => ({ update_id: 90_000 + ++next, inline_query: { id: `iq${next}`, from: user(55), query, offset: "" } });
type Result = { id: string; title: string; description: string; input_message_content: { message_text: string; parse_mode: string } };
const resultsOf = (t: ReturnType<typeof createTestBot>) => (t.callsOf("answerInlineQuery").at(-1)?.["results"] ?? []) as Result[];

describe("inline mode", () => {
  it("answers with the cited answer first, in the same HTML as in a chat, then related entries", async () => {
    const t = createTestBot();
    await t.handle(inlineUpdate("Qui a conduit la délégation ?"));
    const results = resultsOf(t);
    expect(results[0]?.input_message_content.parse_mode).toBe("HTML");
    expect(parseTelegramHtml(results[0]?.input_message_content.message_text ?? "").text).toContain("Sergei Tsivilev");
    expect(results.length).toBeLessThanOrEqual(3);
    expect(new Set(results.map((r) => r.id)).size).toBe(results.length);
    for (const r of results) {
      expect(Buffer.byteLength(r.id)).toBeLessThanOrEqual(64);
      expect(Array.from(r.title).length).toBeLessThanOrEqual(64);
    }
    expect(t.callsOf("answerInlineQuery").at(-1)?.["cache_time"]).toBe(300);
  });

  it("offers example questions, each with its answer, for an empty or off-topic query", async () => {
    const t = createTestBot();
    for (const query of ["", "recette du tô"]) {
      await t.handle(inlineUpdate(query));
      const results = resultsOf(t);
      expect(results.length, query).toBeGreaterThanOrEqual(2);
      expect(results.every((r) => r.input_message_content.message_text.includes("<blockquote"))).toBe(true);
    }
  });
});
