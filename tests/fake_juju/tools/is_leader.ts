/**
 * `is-leader`: whether the calling unit leads its application.
 *
 * @module
 */

import { FORMAT_FLAG, parseArgs } from "./_flags.ts";
import { readFormat } from "./_format.ts";
import { checkEmpty, output, type ToolRun } from "./_tool.ts";

/**
 * `true` or `false`.
 *
 * @param run The tool run.
 * @returns What the tool prints.
 * @throws {UsageError} For bad arguments.
 */
export function isLeader(run: ToolRun): string {
  const parsed = parseArgs(run.args, [FORMAT_FLAG]);
  readFormat(parsed.flags.get("format"));
  checkEmpty(parsed.positional);
  return output(parsed, run.unit.leader);
}
