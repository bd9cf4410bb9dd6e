/**
 * Summary statistics of timing samples.
 *
 * @module
 */

/** A summary of samples in milliseconds. */
export interface SampleSummary {
  /** How many samples. */
  readonly count: number;
  /** The median (the mean of the middle two for an even count). */
  readonly median: number;
  /** The 95th percentile, nearest rank. */
  readonly p95: number;
  /** The smallest sample. */
  readonly min: number;
  /** The largest sample. */
  readonly max: number;
}

/**
 * The value at a percentile by the nearest-rank method: the smallest sample
 * with at least `p`% of the samples at or below it.
 *
 * @param sorted Samples in ascending order, at least one.
 * @param p The percentile, in (0, 100].
 * @returns The sample at that rank.
 * @throws {RangeError} When there is no sample or `p` is out of range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { percentile } from "./bench_stats.ts";
 * assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95), 10);
 * assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50), 5);
 * ```
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError("Cannot take a percentile: no samples");
  if (!(p > 0 && p <= 100)) {
    throw new RangeError(`Cannot take a percentile: ${p} is not in (0, 100]`);
  }
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

/**
 * Summarize samples.
 *
 * @param samples The samples, in any order; at least one.
 * @returns Count, median, p95, min and max.
 * @throws {RangeError} When there is no sample.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summarize } from "./bench_stats.ts";
 * const summary = summarize([30, 10, 20, 40]);
 * assert.deepEqual(summary, { count: 4, median: 25, p95: 40, min: 10, max: 40 });
 * ```
 */
export function summarize(samples: readonly number[]): SampleSummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const count = sorted.length;
  if (count === 0) throw new RangeError("Cannot summarize: no samples");
  const middle = Math.floor(count / 2);
  const median = count % 2 === 1
    ? sorted[middle] as number
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return {
    count,
    median,
    p95: percentile(sorted, 95),
    min: sorted[0] as number,
    max: sorted[count - 1] as number,
  };
}
