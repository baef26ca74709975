/**
 * Paces sends: at most `perSecond` overall (each send gets its own time
 * slot, 1/perSecond apart) and at most one per second per chat. A 429 pauses
 * everyone until Telegram's retry_after has passed.
 */
const CATCH_UP_MS = 20;
/**
 * At Telegram's usual rates (below 100/s) sends are spaced for 97 % of the rate: requests reach Telegram with a
 * few ms of jitter, and a window counted on arrival at exactly the rate sees one too many now and then, each one
 * a 429 and a second lost (measured: 0.53 of BROADCAST_RATE 30 with 7 × 429 in 8 s; 0.97 and none with this).
 */
const JITTER_SHARE = 0.97;

export class RateLimiter {
  private nextSlot = 0;
  /** Grant times within the last second: the hard cap Telegram counts. */
  private readonly recent: number[] = [];
  private pausedUntil = 0;
  private readonly lastPerChat = new Map<number, number>();

  /**
   * Grants allowed in any one-second window: a little under the rate, because
   * requests reach Telegram with varying delays and a window counted on
   * arrival can see more than the window counted here.
   */
  private readonly windowCap: number;
  private readonly interval: number;

  constructor(
    perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    // At paid-broadcast rates (1 ms apart) the spacing leaves no room for jitter: the window keeps 2 % back instead.
    this.windowCap = perSecond >= 100 ? Math.floor(perSecond * 0.98) : perSecond;
    this.interval = 1000 / (perSecond >= 100 ? perSecond : perSecond * JITTER_SHARE);
  }

  /** Resolves when this chat may be sent to. */
  async take(chatId: number): Promise<void> {
    const interval = this.interval;
    for (;;) {
      const now = this.now();
      const perChatReady = (this.lastPerChat.get(chatId) ?? -Infinity) + 1000;
      while (this.recent.length > 0 && now - (this.recent[0] as number) >= 1000) this.recent.shift();
      const windowReady = this.recent.length >= this.windowCap ? (this.recent[0] as number) + 1000 : now;
      const slot = Math.max(now, this.nextSlot, this.pausedUntil, perChatReady, windowReady);
      if (slot <= now) {
        // A timer that woke up a little late does not shift the schedule (at 1,000/s every wake-up is ~1 ms late and
        // the pace would drop to ~80 %); after a real idle time the schedule restarts from now, so no burst is saved up.
        // The one-second window above keeps any catch-up within the limit.
        this.nextSlot = (now - this.nextSlot <= CATCH_UP_MS ? this.nextSlot : now) + interval;
        this.recent.push(now);
        this.lastPerChat.set(chatId, now);
        if (this.lastPerChat.size > 10_000) this.forgetOldChats(now);
        return;
      }
      await this.sleep(slot - now);
    }
  }

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private forgetOldChats(now: number): void {
    for (const [chat, at] of this.lastPerChat) if (now - at >= 1000) this.lastPerChat.delete(chat);
  }
}
