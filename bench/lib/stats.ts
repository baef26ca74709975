/** Timing and summary statistics shared by the benchmarks. */

/** Milliseconds from a monotonic clock (sub-millisecond resolution). */
export const nowMs = (): number => performance.now();

/** Runs fn and returns how long it took (ms) with its result. */
export function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = nowMs();
  const value = fn();
  return { ms: nowMs() - start, value };
}

export async function timedAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = nowMs();
  const value = await fn();
  return { ms: nowMs() - start, value };
}

/** Nearest-rank percentile (p in 0..100) of already sorted values; NaN when empty. */
export function percentileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export function percentile(values: readonly number[], p: number): number {
  return percentileSorted([...values].sort((a, b) => a - b), p);
}

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    n: sorted.length,
    mean: sorted.length > 0 ? sum / sorted.length : Number.NaN,
    p50: percentileSorted(sorted, 50),
    p90: percentileSorted(sorted, 90),
    p99: percentileSorted(sorted, 99),
    max: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
  };
}

/** a / b, or NaN when b is 0 or either is not a number. */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : Number.NaN;
}

/** Formats a number with a fixed number of significant decimals for tables ("—" for NaN). */
export function fmt(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return "—";
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Milliseconds with a precision suited to their size. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  if (ms < 1) return fmt(ms, 3);
  if (ms < 100) return fmt(ms, 2);
  return fmt(ms, 0);
}

export const fmtInt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "—");

export const fmtRatio = (r: number): string => (Number.isFinite(r) ? `${fmt(r, r < 0.1 ? 3 : 2)}×` : "—");

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
