/**
 * `status-set`: the unit's workload status, which takes effect at once.
 *
 * @module
 */

import { goQuote, parseArgs, UsageError } from "./_flags.ts";
import { checkEmpty, type ToolRun } from "./_tool.ts";

/** The statuses a charm may set, in Juju's order. */
export const SETTABLE_STATUSES: readonly string[] = ["maintenance", "blocked", "waiting", "active"];

/**
 * `status-set <status> [message]`. The fake has no `--application`: the
 * charm never sets its application's status.
 *
 * @param run The tool run.
 * @returns Nothing to print.
 * @throws {UsageError} For a status a charm may not set, or bad arguments.
 */
export function statusSet(run: ToolRun): string {
  const parsed = parseArgs(run.args, []);
  const [status, message = ""] = parsed.positional;
  if (status === undefined) throw new UsageError("invalid args, require <status> [message]");
  if (!SETTABLE_STATUSES.includes(status)) {
    throw new UsageError(
      `invalid status ${goQuote(status)}, expected one of [${SETTABLE_STATUSES.join(" ")}]`,
    );
  }
  checkEmpty(parsed.positional.slice(2));
  run.unit.status = { status, message };
  return "";
}
