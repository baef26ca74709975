import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/broadcast/rate-limiter.ts";

/**
 * A fake clock: sleep(ms) moves time forward by ms (after letting other
 * waiting tasks run), so the limiter's decisions can be checked exactly and
 * instantly. Concurrent sleepers wake in time order.
 */
function fakeClock(start = 1_000_000) {
  let t = start;
  const sleepers: Array<{ at: number; wake: () => void }> = [];
  let scheduled = false;
  const advance = () => {
    scheduled = false;
    sleepers.sort((a, b) => a.at - b.at);
    const next = sleepers.shift();
    if (!next) return;
    t = Math.max(t, next.at);
    next.wake();
    schedule();
  };
  const schedule = () => {
    if (scheduled || sleepers.length === 0) return;
    scheduled = true;
    // Let every runnable task reach its next sleep before time moves.
    setImmediate(advance);
  };
  return {
    now: () => t,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        expect(ms).toBeGreaterThan(0);
        sleepers.push({ at: t + ms, wake });
        schedule();
      }),
    set: (ms: number) => {
      t = ms;
    },
  };
}

/** Largest number of times inside any half-open window [x, x + 1000). */
function maxPerWindow(times: number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    while ((sorted[i] as number) - (sorted[j] as number) >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe("RateLimiter", () => {
  it.each([1, 7, 25, 30, 50])("never lets more than %i takes through in any 1000 ms window", async (perSecond) => {
    const clock = fakeClock();
    const limiter = new RateLimiter(perSecond, clock.now, clock.sleep);
    const times: number[] = [];
    const start = clock.now();
    for (let chat = 1; chat <= perSecond * 4; chat++) {
      await limiter.take(chat);
      times.push(clock.now());
    }
    expect(maxPerWindow(times)).toBeLessThanOrEqual(perSecond);
    // Room for arrival jitter: even a window 30 ms longer than a second holds no more than perSecond.
    expect(maxPerWindow(times, 1030)).toBeLessThanOrEqual(perSecond);
    // …and it is not slower than needed: perSecond * 4 sends take about 4 s at 97 % of the rate.
    expect(clock.now() - start).toBeLessThanOrEqual(4000 / 0.97);
    expect(clock.now() - start).toBeGreaterThanOrEqual(((perSecond * 4 - 1) * 1000) / (perSecond * 0.97) - 1);
  });

  it("keeps the overall rate with many concurrent callers", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(20, clock.now, clock.sleep);
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let i = 0; i < 15; i++) {
          await limiter.take(worker * 100 + i);
          times.push(clock.now());
        }
      }),
    );
    expect(times).toHaveLength(120);
    expect(maxPerWindow(times)).toBeLessThanOrEqual(20);
  });

  it("spaces two sends to the same chat by at least 1000 ms", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(100, clock.now, clock.sleep);
    const byChat = new Map<number, number[]>();
    const order = [1, 1, 2, 1, 3, 2, 2, 1, 3, 3];
    for (const chat of order) {
      await limiter.take(chat);
      byChat.set(chat, [...(byChat.get(chat) ?? []), clock.now()]);
    }
    for (const [, times] of byChat) {
      for (let i = 1; i < times.length; i++) expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(1000);
    }
  });

  it("does not hold other chats back while one chat waits for its second", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(100, clock.now, clock.sleep);
    const start = clock.now();
    await limiter.take(1);
    const order: string[] = [];
    await Promise.all([
      limiter.take(1).then(() => order.push(`1@${clock.now() - start}`)),
      limiter.take(2).then(() => order.push(`2@${clock.now() - start}`)),
    ]);
    expect(order).toEqual(["2@10", "1@1000"]);
  });

  it("pause() delays every chat until the pause is over", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(50, clock.now, clock.sleep);
    await limiter.take(1);
    const pausedAt = clock.now();
    limiter.pause(3000);
    const times: number[] = [];
    await Promise.all([10, 11, 12].map((chat) => limiter.take(chat).then(() => times.push(clock.now()))));
    expect(times).toHaveLength(3);
    for (const t of times) expect(t).toBeGreaterThanOrEqual(pausedAt + 3000);
    // After the pause the overall spacing still holds.
    expect(maxPerWindow(times)).toBeLessThanOrEqual(50);
    const sorted = [...times].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect((sorted[i] as number) - (sorted[i - 1] as number)).toBeGreaterThanOrEqual(20);
  });

  it("a shorter pause does not shorten a longer one", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(50, clock.now, clock.sleep);
    const t0 = clock.now();
    limiter.pause(5000);
    limiter.pause(1000);
    await limiter.take(1);
    expect(clock.now()).toBeGreaterThanOrEqual(t0 + 5000);
  });

  it("does not save up unused time for a burst after an idle period", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(10, clock.now, clock.sleep);
    const times: number[] = [];
    await limiter.take(1);
    times.push(clock.now());
    clock.set(clock.now() + 60_000); // idle for a minute
    for (let chat = 2; chat <= 30; chat++) {
      await limiter.take(chat);
      times.push(clock.now());
    }
    expect(maxPerWindow(times)).toBeLessThanOrEqual(10);
  });

  it("keeps per-chat spacing when it tracks more than 10 000 chats", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(1_000_000, clock.now, clock.sleep);
    for (let chat = 1; chat <= 10_050; chat++) await limiter.take(chat);
    const before = clock.now();
    await limiter.take(10_050);
    expect(clock.now() - before).toBeGreaterThanOrEqual(990);
  });
});
