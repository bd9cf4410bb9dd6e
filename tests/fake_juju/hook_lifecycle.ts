/**
 * What Juju does around a hook, written once for every harness (the
 * end-to-end `FakeJuju`, the in-memory `runHookInMemory`, and the reconcile
 * tests):
 *
 * - when a hook starts: a failed hook's `error` status is cleared (the
 *   workload status the charm had set shows again), and in
 *   `-relation-departed` the departing unit has already left the relation;
 * - when it ends with exit 0: the unit's relation writes are committed, and
 *   after `-relation-broken` the relation is gone;
 * - when it ends otherwise: the writes are dropped and the unit shows
 *   `error` / `hook failed: "<hook>"` until the next hook starts. An action
 *   (no hook name) that fails leaves the status alone.
 *
 * An action ({@link startAction}) ends the same way for relation writes; its
 * task then shows `completed`, or `failed` with the `action-fail` message
 * (exit 0) or `exit status N` (any other exit), as Juju's `finalizeAction`
 * reports it. A failed action never puts the unit in `error`.
 *
 * `status-set` is not undone by a failure: it takes effect at once.
 *
 * @module
 */

import type { HookContext } from "./hook_context.ts";
import { type FakeAction, type FakeModel, removeRelation, requireUnit } from "./model.ts";
import { commitPending, discardPending } from "./relation_writes.ts";

/**
 * Prepare the model for a hook, as Juju does before running it.
 *
 * @param model The model to change.
 * @param context The hook about to run.
 * @throws {TypeError} When the unit does not exist.
 */
export function startHook(model: FakeModel, context: HookContext): void {
  const state = requireUnit(model, context.unit);
  if (state.statusBeforeError !== undefined) {
    state.status = state.statusBeforeError;
    delete state.statusBeforeError;
  }
  const relation = context.relationId === undefined
    ? undefined
    : model.relations[context.relationId];
  if (relation !== undefined && context.departingUnit !== undefined) {
    relation.remoteUnits = relation.remoteUnits.filter((name) => name !== context.departingUnit);
  }
}

/**
 * Settle the model after a hook, as Juju does when it exits.
 *
 * @param model The model to change.
 * @param context The hook that ran.
 * @param exitCode Its exit code: 0 commits, anything else fails the hook.
 * @throws {TypeError} When the unit does not exist.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createModel } from "./model.ts";
 * import { finishHook, startHook } from "./hook_lifecycle.ts";
 * const model = createModel();
 * const context = { unit: "backup-integrator/0", hook: "install" };
 * startHook(model, context);
 * finishHook(model, context, 1);
 * assert.deepEqual(model.units["backup-integrator/0"]?.status, {
 *   status: "error",
 *   message: 'hook failed: "install"',
 * });
 * startHook(model, { unit: "backup-integrator/0", hook: "install" });
 * assert.equal(model.units["backup-integrator/0"]?.status.status, "unknown");
 * ```
 */
export function finishHook(model: FakeModel, context: HookContext, exitCode: number): void {
  const state = requireUnit(model, context.unit);
  const action = context.actionId === undefined ? undefined : model.actions[context.actionId];
  if (action !== undefined) finishAction(action, exitCode);
  if (exitCode !== 0) {
    discardPending(model, context.unit);
    if (context.hook === "") return;
    state.statusBeforeError ??= state.status;
    state.status = { status: "error", message: `hook failed: ${JSON.stringify(context.hook)}` };
    return;
  }
  commitPending(model, context.unit);
  const broken = context.brokenRelationId;
  if (broken !== undefined && model.relations[broken] !== undefined) {
    removeRelation(model, broken);
  }
}

/**
 * Queue and start an action on a unit, as `juju run <unit> <action>` does.
 *
 * @param model The model to change.
 * @param action The unit, the action's name, and its id (`JUJU_ACTION_UUID`).
 * @returns The context its tools run in: no hook, the action's id.
 * @throws {TypeError} When the unit does not exist or the id is taken.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createModel } from "./model.ts";
 * import { finishHook, startAction } from "./hook_lifecycle.ts";
 * const model = createModel();
 * const context = startAction(model, { unit: "backup-integrator/0", name: "go", id: "7" });
 * finishHook(model, context, 3);
 * assert.equal(model.actions["7"]?.status, "failed");
 * assert.equal(model.actions["7"]?.message, "exit status 3");
 * assert.equal(model.units["backup-integrator/0"]?.status.status, "unknown");
 * ```
 */
export function startAction(
  model: FakeModel,
  action: { unit: string; name: string; id: string },
): HookContext {
  requireUnit(model, action.unit);
  if (model.actions[action.id] !== undefined) {
    throw new TypeError(`Cannot start the action: id ${JSON.stringify(action.id)} is taken`);
  }
  model.actions[action.id] = {
    unit: action.unit,
    name: action.name,
    status: "running",
    message: "",
    failed: false,
    results: {},
  };
  return { unit: action.unit, hook: "", actionId: action.id };
}

function finishAction(action: FakeAction, exitCode: number): void {
  if (exitCode !== 0) {
    action.status = "failed";
    action.message = `exit status ${exitCode}`;
    return;
  }
  action.status = action.failed ? "failed" : "completed";
}
