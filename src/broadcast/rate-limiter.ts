/**
 * Paces sends: at most `perSecond` overall (each send gets its own time
 * slot, 1/perSecond apart) and at most one per second per chat. A 429 pauses
 * everyone until Telegram's retry_after has passed.
 */
export class RateLimiter {
  private nextSlot = 0;
  private pausedUntil = 0;
  private readonly lastPerChat = new Map<number, number>();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when this chat may be sent to. */
  async take(chatId: number): Promise<void> {
    const interval = 1000 / this.perSecond;
    for (;;) {
      const now = this.now();
      const perChatReady = (this.lastPerChat.get(chatId) ?? -Infinity) + 1000;
      const slot = Math.max(now, this.nextSlot, this.pausedUntil, perChatReady);
      if (slot <= now) {
        this.nextSlot = Math.max(this.nextSlot, now) + interval;
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
