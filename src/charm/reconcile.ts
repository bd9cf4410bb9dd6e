/**
 * The one reconcile every observed hook runs: {@link gather} what is,
 * {@link decide} what must change (a pure function), {@link apply} it.
 *
 * Hook-tool calls: `config-get`, `relation-ids` and `is-leader` together;
 * on a leader one `relation-get` per relation, together;
 * `relation-set` where the data differs; `juju-log` only when something
 * changed; `status-set` last. In steady state: 5 on a leader with one
 * relation, 4 on a non-leader; `remove` makes one (`juju-log`).
 *
 * @module
 */

import { apply } from "./apply.ts";
import { decide } from "./decide.ts";
import { gather, type GatherOptions } from "./gather.ts";
import type { Status } from "./plan.ts";

/** What the reconcile works with: the hook, the hook tools, the files. */
export type ReconcileOptions = GatherOptions;

/**
 * Bring the unit, its files and the `backup` relation data in line with the
 * config.
 *
 * @param options The context, the hook-tool runner and the script store.
 * @returns The status set, or `undefined` in `remove`, which sets none.
 * @throws {HookToolError} When a hook tool fails.
 * @throws {ScriptStoreError} When a file operation fails.
 */
export async function reconcile(options: ReconcileOptions): Promise<Status | undefined> {
  const decision = decide(await gather(options));
  await apply(decision, options);
  return decision.status;
}
