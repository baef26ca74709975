/**
 * Collects the ids of handled updates and writes them in one batch a moment later (the "done" mark is lazy on
 * purpose, see UpdateJournal.markDone): one write per batch instead of one per update. A batch that fails to
 * be written is dropped: those updates stay "received" or "replying", which only means a harmless re-handling
 * or a closure later.
 */
export class DoneBatcher {
  private pending: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (ids: number[]) => Promise<void>,
    private readonly delayMs = 200,
  ) {}

  add(updateId: number): void {
    this.pending.push(updateId);
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs).unref();
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const ids = this.pending;
    this.pending = [];
    if (ids.length > 0) await this.write(ids).catch(() => undefined);
  }
}
