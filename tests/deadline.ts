/**
 * A deadline for anything a test awaits that could hang: the test fails
 * naming what did not finish, instead of running for ever.
 *
 * @module
 */

/**
 * Settle within a deadline, so a call that would hang fails the test instead.
 * The timer is cleared either way, so it never outlives the test.
 *
 * @param promise What to wait for.
 * @param ms The deadline in milliseconds.
 * @param what What is awaited, for the message.
 * @returns The promise's value.
 * @throws {Error} When the deadline passes first.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { within } from "./deadline.ts";
 * assert.equal(await within(Promise.resolve(1), 1000, "one"), 1);
 * await assert.rejects(within(new Promise(() => {}), 10, "never"), /never did not finish/);
 * ```
 */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
