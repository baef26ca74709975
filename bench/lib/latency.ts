import { nowMs } from "./stats.ts";

export interface LatencyRun {
  /** Per-call latency, ms. */
  samples: number[];
  /** Whether the time budget stopped the run before `count` calls. */
  timedOut: boolean;
  elapsedMs: number;
}

/**
 * Calls fn(inputs[i % inputs.length]) `count` times, timing each call, and
 * stops early once `budgetMs` has elapsed (the call in progress finishes).
 */
export function measureCalls<T>(inputs: readonly T[], fn: (input: T) => unknown, count: number, budgetMs = Infinity): LatencyRun {
  const samples: number[] = [];
  const start = nowMs();
  let timedOut = false;
  for (let i = 0; i < count; i++) {
    if (nowMs() - start >= budgetMs) {
      timedOut = true;
      break;
    }
    const input = inputs[i % inputs.length] as T;
    const t0 = nowMs();
    fn(input);
    samples.push(nowMs() - t0);
  }
  return { samples, timedOut, elapsedMs: nowMs() - start };
}
