/**
 * Results made fit for `action-set`, which takes every value as an argument:
 * each value escaped and cut (see `printable()`), and the pairs split into
 * calls small enough for the kernel's limits on one argument (128 KiB) and
 * on a whole command line. Pure.
 *
 * @module
 */

import { printable } from "../juju/printable.ts";

/** Most characters of one result value shown; the rest is counted. */
export const MAX_RESULT_LENGTH = 4096;

/** Most bytes of `key=value` arguments in one `action-set` call. */
export const MAX_CALL_BYTES = 256 * 1024;

/**
 * Split results into `action-set` calls, each value made printable and cut
 * to {@link MAX_RESULT_LENGTH} characters.
 *
 * @param results The results by key path, in order.
 * @param maxCallBytes Most bytes of arguments per call.
 * @returns The calls' results, in order; none when there are no results.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { actionSetBatches } from "./action_results.ts";
 * const batches = actionSetBatches({ a: "x\ny", b: "z".repeat(5000) }, 100);
 * assert.equal(batches.length, 2);
 * assert.equal(batches[0]?.["a"], "x\\ny");
 * assert.match(batches[1]?.["b"] ?? "", /… \(904 more characters\)$/);
 * ```
 */
export function actionSetBatches(
  results: Readonly<Record<string, string>>,
  maxCallBytes: number = MAX_CALL_BYTES,
): Record<string, string>[] {
  const encoder = new TextEncoder();
  const batches: Record<string, string>[] = [];
  let current: Record<string, string> = {};
  let size = 0;
  for (const [key, raw] of Object.entries(results)) {
    const value = printable(raw, MAX_RESULT_LENGTH);
    const bytes = encoder.encode(`${key}=${value}`).length + 1;
    if (size > 0 && size + bytes > maxCallBytes) {
      batches.push(current);
      current = {};
      size = 0;
    }
    current[key] = value;
    size += bytes;
  }
  if (size > 0) batches.push(current);
  return batches;
}
