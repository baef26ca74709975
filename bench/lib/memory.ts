import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Megabytes, for tables. */
export const mb = (bytes: number): number => bytes / (1024 * 1024);

export const rssMb = (): number => mb(process.memoryUsage().rss);
export const heapUsedMb = (): number => mb(process.memoryUsage().heapUsed);

let gcFn: (() => void) | undefined;

/**
 * A full garbage collection, so that heap figures measure what is retained.
 * Exposes gc at run time (the benchmarks are started without --expose-gc).
 */
export function forceGc(): void {
  if (!gcFn) {
    setFlagsFromString("--expose-gc");
    gcFn = runInNewContext("gc") as () => void;
  }
  gcFn();
}

/** Samples process RSS every `intervalMs` and keeps the peak. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  peak = 0;
  samples = 0;

  constructor(private readonly intervalMs = 100) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  sample(): void {
    const rss = process.memoryUsage().rss;
    if (rss > this.peak) this.peak = rss;
    this.samples++;
  }

  /** Stops sampling; returns the peak RSS in MB. */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return mb(this.peak);
  }
}
