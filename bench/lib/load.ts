/**
 * Drives a polling bot through the fake Bot API: pushes private-chat text
 * updates, then matches every reply (a sendMessage recorded by the fake) to
 * the update it answers, to get throughput and update-to-reply latency.
 */
import type { FakeBotApi, RecordedCall } from "../../test/support/fake-bot-api.ts";
import { summarize, type Summary } from "./stats.ts";

export interface LoadOptions {
  texts: readonly string[];
  /** Updates to push. */
  count: number;
  /** Chats the updates are spread over (round robin), starting at firstChatId. */
  chats: number;
  firstChatId: number;
  /**
   * How a reply is tied to its update within a chat: "order" (the bot answers a
   * chat's updates in order) or "text" (the reply repeats the question: echo).
   */
  match: "order" | "text";
  /** Updates per second, pushed in 10 ms ticks; undefined = all at once (burst). */
  ratePerSecond?: number;
  timeoutMs?: number;
}

export interface LoadResult {
  pushed: number;
  replies: number;
  /** Replies that matched no pending update (should be 0). */
  unmatched: number;
  /** Updates left without a reply when the wait ended (should be 0). */
  unanswered: number;
  /** First push → last reply, ms. */
  durationMs: number;
  updatesPerSecond: number;
  latency: Summary;
  /** Other calls made during the run, by method (sendChatAction, getUpdates…). */
  otherCalls: Record<string, number>;
}

interface Pending {
  text: string;
  at: number;
}

const isReply = (c: RecordedCall) => c.method === "sendMessage";

/** Resolves once `count` replies have been recorded after index `from` of fake.calls (incremental scan: no O(n²) predicate). */
function waitForReplies(fake: FakeBotApi, from: number, count: number, timeoutMs: number): Promise<void> {
  let scanned = from;
  let seen = 0;
  return fake.waitFor((calls) => {
    for (; scanned < calls.length; scanned++) if (isReply(calls[scanned] as RecordedCall)) seen++;
    return seen >= count;
  }, timeoutMs);
}

export async function driveLoad(fake: FakeBotApi, options: LoadOptions): Promise<LoadResult> {
  const start = fake.calls.length;
  const pending = new Map<number, Pending[]>();
  let firstPushAt = Infinity;
  let pushed = 0;
  const pushOne = () => {
    const chatId = options.firstChatId + (pushed % options.chats);
    const text = options.texts[pushed % options.texts.length] as string;
    const at = Date.now();
    if (at < firstPushAt) firstPushAt = at;
    const queue = pending.get(chatId) ?? [];
    queue.push({ text, at });
    pending.set(chatId, queue);
    fake.sendText({ chatId, text });
    pushed++;
  };

  const done = waitForReplies(fake, start, options.count, options.timeoutMs ?? 60_000);
  if (options.ratePerSecond === undefined) {
    while (pushed < options.count) pushOne();
  } else {
    const began = Date.now();
    while (pushed < options.count) {
      const due = Math.min(options.count, Math.floor(((Date.now() - began) / 1000) * options.ratePerSecond) + 1);
      while (pushed < due) pushOne();
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  let timedOut = false;
  try {
    await done;
  } catch {
    timedOut = true;
  }

  const latencies: number[] = [];
  const otherCalls: Record<string, number> = {};
  let unmatched = 0;
  let lastReplyAt = firstPushAt;
  const calls = fake.calls.slice(start);
  for (const call of calls) {
    if (!isReply(call)) {
      otherCalls[call.method] = (otherCalls[call.method] ?? 0) + 1;
      continue;
    }
    const queue = pending.get(Number(call.payload["chat_id"]));
    let index = -1;
    if (queue && queue.length > 0) index = options.match === "order" ? 0 : queue.findIndex((p) => p.text === call.payload["text"]);
    if (!queue || index < 0) {
      unmatched++;
      continue;
    }
    const [entry] = queue.splice(index, 1) as [Pending];
    latencies.push(call.at - entry.at);
    if (call.at > lastReplyAt) lastReplyAt = call.at;
  }
  const unanswered = [...pending.values()].reduce((s, q) => s + q.length, 0);
  const durationMs = Math.max(1, lastReplyAt - firstPushAt);
  if (timedOut) console.warn(`  warning: timed out waiting for replies (${latencies.length}/${options.count} received)`);
  return {
    pushed,
    replies: latencies.length,
    unmatched,
    unanswered,
    durationMs,
    updatesPerSecond: (latencies.length / durationMs) * 1000,
    latency: summarize(latencies),
    otherCalls,
  };
}
