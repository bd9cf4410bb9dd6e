/**
 * Relation writes wait for their hook: `relation-set` buffers them per unit,
 * the writer reads its own buffered writes back, and when the hook ends they
 * are committed (exit 0) or dropped (any other exit), as in Juju.
 *
 * @module
 */

import type { Databag, FakeModel, PendingWrite } from "./model.ts";

/**
 * Buffer one write of a unit until its hook ends.
 *
 * @param model The model to change.
 * @param unit The writing unit.
 * @param write The relation, the bag and the keys written.
 */
export function bufferWrite(model: FakeModel, unit: string, write: PendingWrite): void {
  const pending = model.pending[unit] ?? [];
  pending.push(write);
  model.pending[unit] = pending;
}

/**
 * A databag as the writing unit sees it: committed, then its own buffered writes.
 *
 * @param model The model.
 * @param committed The committed bag.
 * @param which The unit, relation and bag.
 * @returns A new bag.
 */
export function withPending(
  model: FakeModel,
  committed: Databag,
  which: { unit: string; relationId: string; bag: "app" | "unit" },
): Databag {
  let bag = { ...committed };
  for (const write of model.pending[which.unit] ?? []) {
    if (write.relationId === which.relationId && write.bag === which.bag) {
      bag = applySettings(bag, write.settings);
    }
  }
  return bag;
}

/**
 * Apply a unit's buffered relation writes, as Juju does when its hook exits 0:
 * an empty value deletes its key. Writes to relations gone since are dropped.
 *
 * @param model The model to change.
 * @param unit The unit whose hook succeeded.
 */
export function commitPending(model: FakeModel, unit: string): void {
  for (const write of model.pending[unit] ?? []) {
    const relation = model.relations[write.relationId];
    if (relation === undefined) continue;
    const owner = write.bag === "app" ? model.app : unit;
    const bags = write.bag === "app" ? relation.appData : relation.unitData;
    bags[owner] = applySettings(bags[owner] ?? {}, write.settings);
  }
  delete model.pending[unit];
}

/**
 * Drop a unit's buffered relation writes, as Juju does when its hook fails.
 *
 * @param model The model to change.
 * @param unit The unit whose hook failed.
 */
export function discardPending(model: FakeModel, unit: string): void {
  delete model.pending[unit];
}

/**
 * Settings applied to a bag: an empty value deletes its key.
 *
 * @param bag The bag before.
 * @param settings The keys written.
 * @returns A new bag.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { applySettings } from "./relation_writes.ts";
 * assert.deepEqual(applySettings({ a: "1", b: "2" }, { a: "", c: "3" }), { b: "2", c: "3" });
 * ```
 */
export function applySettings(bag: Databag, settings: Databag): Databag {
  const result = { ...bag };
  for (const [key, value] of Object.entries(settings)) {
    if (value === "") delete result[key];
    else result[key] = value;
  }
  return result;
}
