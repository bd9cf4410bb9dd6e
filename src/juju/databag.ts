/**
 * Comparing relation databags, so the charm writes only what changed.
 *
 * @module
 */

import type { Databag } from "./hook_tools.ts";

/**
 * The `relation-set` patch that turns `current` into exactly `desired`: every
 * key whose value differs, and an empty value (which deletes the key) for
 * every key that is no longer wanted, including keys the charm does not know.
 *
 * @param current What the databag holds now.
 * @param desired What it should hold; values must not be empty.
 * @returns The patch, or `undefined` when the bag is already right.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { databagPatch } from "./databag.ts";
 * const patch = databagPatch({ fileset: "/a", stale: "x" }, { fileset: "/b" });
 * assert.ok(patch?.["fileset"] === "/b" && patch["stale"] === "");
 * ```
 */
export function databagPatch(current: Databag, desired: Databag): Databag | undefined {
  // Entries, not assignments: a key such as "__proto__" must stay a plain key.
  const changes: [string, string][] = [];
  for (const [key, value] of Object.entries(desired)) {
    if (!Object.hasOwn(current, key) || current[key] !== value) changes.push([key, value]);
  }
  for (const key of Object.keys(current)) {
    if (!Object.hasOwn(desired, key)) changes.push([key, ""]);
  }
  return changes.length === 0 ? undefined : Object.fromEntries(changes);
}
