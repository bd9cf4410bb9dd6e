/**
 * The action a tool runs in. Private to the fake's tools: the leading
 * underscore says so.
 *
 * In an action on a machine charm every hook tool works as in a hook, with
 * the action's context: there is no hook relation, so `relation-get` and
 * `relation-set` need `-r`; a non-leader still may not read or write its own
 * application's bag; `status-set` takes effect at once; relation writes wait
 * for the action to exit 0. Only the action tools (`action-set`,
 * `action-fail`) need an action, found by `JUJU_ACTION_UUID`.
 *
 * @module
 */

import type { FakeAction } from "../model.ts";
import { ToolFailure, type ToolRun } from "./_tool.ts";

/**
 * The running action of the calling unit, found by `JUJU_ACTION_UUID`.
 * Outside an action the action tools fail at run time (exit 1) with Juju's
 * `not running an action`, after their arguments were checked.
 *
 * @param run The tool run.
 * @returns The action's state, which the tool may change.
 * @throws {ToolFailure} In a hook, or when the action is not this unit's.
 */
export function runningAction(run: ToolRun): FakeAction {
  const id = run.context.actionId;
  const action = id === undefined ? undefined : run.model.actions[id];
  if (action === undefined || action.unit !== run.context.unit) {
    throw new ToolFailure("not running an action");
  }
  return action;
}
