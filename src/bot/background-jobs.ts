/** Long tasks started by handlers (a broadcast), stopped and awaited on shutdown. */
export class BackgroundJobs {
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();

  start(name: string, task: (signal: AbortSignal) => Promise<void>): boolean {
    if (this.running.has(name)) return false;
    const abort = new AbortController();
    const done = task(abort.signal)
      .catch(() => undefined)
      .finally(() => this.running.delete(name));
    this.running.set(name, { abort, done });
    return true;
  }

  get size(): number {
    return this.running.size;
  }

  /** Asks every job to stop and waits for them (they finish their in-flight step). */
  async stopAll(): Promise<void> {
    const jobs = [...this.running.values()];
    for (const j of jobs) j.abort.abort();
    await Promise.all(jobs.map((j) => j.done));
  }
}
