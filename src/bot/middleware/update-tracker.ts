import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.ts";

/**
 * Counts updates being handled, so a graceful stop can wait for them: an
 * update Telegram considers delivered is never dropped half-way by SIGTERM.
 */
export class UpdateTracker {
  private inFlight = 0;
  private waiters: Array<() => void> = [];

  get size(): number {
    return this.inFlight;
  }

  middleware(): MiddlewareFn<BotContext> {
    return async (_ctx, next) => {
      this.inFlight++;
      try {
        await next();
      } finally {
        this.inFlight--;
        if (this.inFlight === 0) for (const w of this.waiters.splice(0)) w();
      }
    };
  }

  /** Resolves when no update is in flight, or after timeoutMs (returns false then). */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
