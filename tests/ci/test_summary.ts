/**
 * The one line `.ci/run` ends with: the counts of every `deno task test` run
 * it made (as root and as an unprivileged user), summed.
 *
 * Usage: `deno run --allow-read tests/ci/test_summary.ts LOG STATUS...` (the
 * output and exit status of each run); prints
 * `N passed, N failed, N skipped`.
 *
 * @module
 */

/** The counts of one or more runs. */
export interface TestCounts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/**
 * The counts of one run, from its output.
 *
 * `deno test` ends with `ok | 83 passed | 0 failed | 1 ignored (1s)`. A run
 * without that line (the type check, lint or format check failed first, or
 * it crashed) counts as one failure.
 *
 * @param log The run's output, colours off.
 * @param status The run's exit status.
 * @returns Its counts; `failed` is at least 1 when `status` is not 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { countsOf } from "./test_summary.ts";
 * assert.deepEqual(countsOf("ok | 3 passed | 0 failed | 1 ignored (1s)\n", 0), {
 *   passed: 3,
 *   failed: 0,
 *   skipped: 1,
 * });
 * ```
 */
export function countsOf(log: string, status: number): TestCounts {
  const lines = log.split("\n").filter((line) => /^(ok|FAILED) \| \d+ passed/.test(line));
  const summary = lines.at(-1);
  const count = (word: string) =>
    Number(summary?.match(new RegExp(`\\| (\\d+) ${word}`))?.[1] ?? 0);
  const counts = { passed: count("passed"), failed: count("failed"), skipped: count("ignored") };
  if (summary === undefined || (status !== 0 && counts.failed === 0)) {
    return { ...counts, failed: counts.failed + 1 };
  }
  return counts;
}

/**
 * Counts summed, as the line `.ci/run` ends with.
 *
 * @param runs The counts of each run.
 * @returns `N passed, N failed, N skipped`.
 */
export function summaryLine(runs: readonly TestCounts[]): string {
  const sum = (key: keyof TestCounts) => runs.reduce((total, run) => total + run[key], 0);
  return `${sum("passed")} passed, ${sum("failed")} failed, ${sum("skipped")} skipped`;
}

if (import.meta.main) {
  // Arguments: LOG STATUS pairs.
  const runs: TestCounts[] = [];
  for (let i = 0; i + 1 < Deno.args.length; i += 2) {
    runs.push(countsOf(await Deno.readTextFile(Deno.args[i] ?? ""), Number(Deno.args[i + 1])));
  }
  console.log(summaryLine(runs));
}
