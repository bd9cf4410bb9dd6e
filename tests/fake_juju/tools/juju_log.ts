/**
 * `juju-log`: a line in the unit's log.
 *
 * @module
 */

import { type FlagDefinition, FORMAT_FLAG, goQuote, parseArgs, UsageError } from "./_flags.ts";
import type { ToolRun } from "./_tool.ts";

const DEBUG_FLAG: FlagDefinition = { key: "debug", names: ["debug"], kind: "bool" };
const LOG_LEVEL_FLAG: FlagDefinition = {
  key: "log-level",
  names: ["l", "log-level"],
  kind: "value",
};

/** Log levels `juju-log` understands (Juju's `loggo`), by upper-case spelling. */
const LOG_LEVELS: Readonly<Record<string, string>> = {
  TRACE: "TRACE",
  DEBUG: "DEBUG",
  INFO: "INFO",
  WARN: "WARNING",
  WARNING: "WARNING",
  ERROR: "ERROR",
  CRITICAL: "CRITICAL",
};

/**
 * `juju-log [--debug] [-l level] <message…>`: the arguments joined by spaces,
 * at INFO unless told; an unknown level logs a warning and the message at
 * INFO. In a relation hook Juju prefixes the relation id.
 *
 * @param run The tool run.
 * @returns Nothing to print.
 * @throws {UsageError} When there is no message.
 */
export function jujuLog(run: ToolRun): string {
  const parsed = parseArgs(run.args, [DEBUG_FLAG, LOG_LEVEL_FLAG, FORMAT_FLAG]);
  if (parsed.positional.length === 0) throw new UsageError("no message specified");
  if (parsed.flags.has("format")) {
    run.stderr += `--format flag deprecated for command "juju-log"`;
  }
  const message = parsed.positional.join(" ");
  const requested = parsed.flags.get("log-level");
  let level = "INFO";
  if (parsed.flags.get("debug") === true) {
    level = "DEBUG";
  } else if (typeof requested === "string" && requested !== "") {
    const known = LOG_LEVELS[requested.toUpperCase()];
    if (known === undefined) {
      run.unit.logs.push({
        level: "WARNING",
        message: `Specified log level of ${goQuote(requested)} is not valid`,
      });
    } else {
      level = known;
    }
  }
  const prefix = run.context.relationId === undefined ? "" : `${run.context.relationId}: `;
  run.unit.logs.push({ level, message: `${prefix}${message}` });
  return "";
}
