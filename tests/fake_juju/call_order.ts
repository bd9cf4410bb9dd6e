/**
 * Comparing hook-tool call sequences when some calls are started together.
 *
 * The charm starts `config-get`, `relation-ids` and `is-leader` at once, so
 * the order in which they reach the (serialising) agent is not fixed; and it
 * writes its log lines in order while other work goes on, so where a
 * `juju-log` falls among the other calls is not fixed either. Tests compare
 * sequences after sorting that first round and moving the log lines, in
 * their own order, to the end.
 *
 * @module
 */

/** The tools the charm starts together, at the start of a hook. */
export const FIRST_ROUND_TOOLS: ReadonlySet<string> = new Set([
  "config-get",
  "relation-ids",
  "is-leader",
]);

/**
 * The calls with their leading run of {@link FIRST_ROUND_TOOLS} sorted by tool
 * name, then the other calls in order, then the `juju-log` calls in order.
 *
 * @param calls Calls in the order they were made.
 * @returns A new array, comparable across runs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { inCallOrder } from "./call_order.ts";
 * const calls = [
 *   { tool: "is-leader" },
 *   { tool: "config-get" },
 *   { tool: "juju-log" },
 *   { tool: "status-set" },
 * ];
 * assert.deepEqual(
 *   inCallOrder(calls).map((c) => c.tool),
 *   ["config-get", "is-leader", "status-set", "juju-log"],
 * );
 * ```
 */
export function inCallOrder<T extends { readonly tool: string }>(calls: readonly T[]): T[] {
  const logs = calls.filter((call) => call.tool === "juju-log");
  const others = calls.filter((call) => call.tool !== "juju-log");
  let first = 0;
  while (first < others.length && FIRST_ROUND_TOOLS.has(others[first]!.tool)) first++;
  const round = others.slice(0, first).sort((a, b) => a.tool.localeCompare(b.tool));
  return [...round, ...others.slice(first), ...logs];
}
