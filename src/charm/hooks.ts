/**
 * The hooks this charm observes. Every one runs the same reconcile; every
 * other hook exits 0 without running a single hook tool. `dispatch` lists
 * the same hooks in its `case` and ends every other hook before the binary
 * starts (`tests/e2e/dispatch_routing_test.ts` checks the two lists agree);
 * the binary checks again, in case it is started some other way.
 *
 * @module
 */

/** The endpoint of the relation to the backup provider. */
export const BACKUP_ENDPOINT = "backup";

/** Hooks that run the reconcile. */
export const OBSERVED_HOOKS = [
  "config-changed",
  "upgrade-charm",
  "leader-elected",
  "leader-settings-changed",
  `${BACKUP_ENDPOINT}-relation-created`,
  `${BACKUP_ENDPOINT}-relation-changed`,
  `${BACKUP_ENDPOINT}-relation-broken`,
  "remove",
] as const;

/** One of {@link OBSERVED_HOOKS}. */
export type ObservedHook = typeof OBSERVED_HOOKS[number];

/** The hook in which the broken relation no longer counts. */
export const BACKUP_RELATION_BROKEN: ObservedHook = `${BACKUP_ENDPOINT}-relation-broken`;

/** The hook in which the charm removes its files. */
export const REMOVE_HOOK: ObservedHook = "remove";

/**
 * Whether a hook runs the reconcile.
 *
 * @param name A hook name, e.g. `update-status`.
 * @returns `true` for the names in {@link OBSERVED_HOOKS}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isObservedHook } from "./hooks.ts";
 * assert.ok(isObservedHook("config-changed") && !isObservedHook("update-status"));
 * ```
 */
export function isObservedHook(name: string): name is ObservedHook {
  return (OBSERVED_HOOKS as readonly string[]).includes(name);
}
