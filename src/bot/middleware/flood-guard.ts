/**
 * Per-user flood limit on typed questions: more than `limit` within
 * `windowMs` earns one polite notice, then silence until the window has room
 * again. Messages met during the pause are not counted, so the pause ends on
 * time however often someone retries, and the first question after it is
 * answered. Buttons and small talk are not questions and never count (the
 * questions feature asks only for typed questions). Kept in memory: a restart
 * forgives everyone, which is fine for a flood limit.
 */
export type FloodVerdict = "allow" | "notify" | "ignore";

export class FloodGuard {
  private readonly hits = new Map<number, { times: number[]; notified: boolean }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  check(userId: number): FloodVerdict {
    const now = this.now();
    const state = this.hits.get(userId) ?? { times: [], notified: false };
    state.times = state.times.filter((t) => now - t < this.windowMs);
    this.hits.set(userId, state);
    this.prune(now);
    if (state.times.length < this.limit) {
      state.times.push(now);
      state.notified = false;
      return "allow";
    }
    if (state.notified) return "ignore";
    state.notified = true;
    return "notify";
  }

  /** Forget users idle for a whole window, so the map does not grow with every user ever seen. */
  private prune(now: number): void {
    if (this.hits.size < 10_000) return;
    for (const [id, s] of this.hits) if (s.times.every((t) => now - t >= this.windowMs)) this.hits.delete(id);
  }
}
