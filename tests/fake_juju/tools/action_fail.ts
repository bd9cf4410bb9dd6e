/**
 * `action-fail`: mark the running action failed, as Juju's
 * `jujuc/action-fail.go` does.
 *
 * - `action-fail ["<message>"]`: one optional argument; a second is a usage
 *   error (`unrecognized args`, exit 2). Without one the message is
 *   `action failed without reason given, check action for errors`.
 * - It does not stop the action: the program runs on, and when it exits 0
 *   its relation writes are still committed; the task ends `failed` with the
 *   message. A non-zero exit replaces the message with `exit status N`.
 * - The unit's workload status is not touched: a failed action never puts
 *   the unit in `error`.
 * - Outside an action it fails at run time: `ERROR not running an action`, exit 1.
 *
 * @module
 */

import { parseArgs } from "./_flags.ts";
import { runningAction } from "./_action.ts";
import { checkEmpty, type ToolRun } from "./_tool.ts";

/** The message of an `action-fail` given none. */
export const DEFAULT_FAIL_MESSAGE = "action failed without reason given, check action for errors";

/**
 * `action-fail ["<message>"]`.
 *
 * @param run The tool run.
 * @returns Nothing to print.
 * @throws {UsageError} For more than one argument.
 * @throws {ToolFailure} Outside an action.
 */
export function actionFail(run: ToolRun): string {
  const parsed = parseArgs(run.args, []);
  const [message = DEFAULT_FAIL_MESSAGE] = parsed.positional;
  checkEmpty(parsed.positional.slice(1));
  const action = runningAction(run);
  action.failed = true;
  action.message = message;
  return "";
}
