import type { Transformer } from "grammy";
import { isSafeToRepeat, transportErrorOf } from "./delivery.ts";

export interface RetryEvent {
  method: string;
  attempt: number;
  /** "429", "5xx" or the transport's code (ECONNREFUSED…). */
  reason: string;
  delayMs: number;
}

export interface ReliableCallOptions {
  /** How long one call keeps trying before its error is passed on (default 10 minutes; getUpdates: forever). */
  deadlineMs?: number;
  /** Wait before the second attempt; doubles up to `maxDelayMs`, plus up to 20 % of jitter. */
  firstDelayMs?: number;
  /** Short enough that a call goes out within seconds of the network coming back. */
  maxDelayMs?: number;
  /** One line when a call starts retrying (not one per attempt: an outage would flood the log). */
  onRetry?: (event: RetryEvent) => void;
  /** When a call that had to retry went through. */
  onRecovered?: (event: { method: string; attempts: number; waitedMs: number }) => void;
  now?: () => number;
  sleep?: (ms: number, signal?: SignalLike) => Promise<void>;
}

/** grammY passes its own AbortSignal polyfill: only this much of it is used. */
interface SignalLike {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

interface ApiAnswer {
  ok: boolean;
  error_code?: number;
  parameters?: { retry_after?: number };
}

/**
 * Bot API calls that survive outages and rate limits without sending
 * anything twice:
 * - 429: waits `retry_after`, then tries again;
 * - 5xx, and network failures before the request left (refused, reset or
 *   silent before "100 Continue", see transport.ts): tries again with capped
 *   backoff, for up to `deadlineMs`;
 * - a network failure after the request left: tried again only for methods
 *   that are safe to repeat; a `sendMessage` whose answer was lost is never
 *   resent blindly (its error is passed on, see delivery.ts).
 * getUpdates never gives up (the runner has nothing better to do).
 */
export function reliableCalls(options: ReliableCallOptions = {}): Transformer {
  const deadlineMs = options.deadlineMs ?? 10 * 60_000;
  const firstDelayMs = options.firstDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 1_500;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const backoff = (attempt: number) => {
    const base = Math.min(maxDelayMs, firstDelayMs * 2 ** (attempt - 1));
    return Math.round(base * (1 + Math.random() * 0.2));
  };

  return async (prev, method, payload, signal) => {
    const started = now();
    const deadline = method === "getUpdates" ? Infinity : started + deadlineMs;
    for (let attempt = 1; ; attempt++) {
      let delayMs: number;
      let reason: string;
      try {
        const answer = (await prev(method, payload, signal)) as ApiAnswer;
        if (answer.ok !== false || (answer.error_code !== 429 && (answer.error_code ?? 0) < 500)) {
          if (attempt > 1) options.onRecovered?.({ method, attempts: attempt, waitedMs: now() - started });
          return answer as Awaited<ReturnType<typeof prev>>;
        }
        if (answer.error_code === 429) {
          reason = "429";
          delayMs = (answer.parameters?.retry_after ?? 1) * 1000;
        } else {
          reason = "5xx";
          delayMs = backoff(attempt);
        }
        if (now() + delayMs > deadline || signal?.aborted) return answer as Awaited<ReturnType<typeof prev>>;
      } catch (error) {
        const transport = transportErrorOf(error);
        if (!transport || signal?.aborted) throw error;
        // The request left and the method is not safe to repeat: its fate is unknown, and a second copy would show.
        if (transport.requestSent && !isSafeToRepeat(method)) throw error;
        reason = transport.code;
        delayMs = backoff(attempt);
        if (now() + delayMs > deadline) throw error;
      }
      if (attempt === 1) options.onRetry?.({ method, attempt, reason, delayMs });
      await sleep(delayMs, signal);
      if (signal?.aborted) throw new Error(`${method}: aborted while waiting to retry`);
    }
  };
}

function abortableSleep(ms: number, signal?: SignalLike): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done);
  });
}
