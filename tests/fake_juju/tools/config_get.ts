/**
 * `config-get`: the charm's config as `config-get [key] [--all] [--format]` prints it.
 *
 * @module
 */

import { type FlagDefinition, FORMAT_FLAG, goQuote, parseArgs, UsageError } from "./_flags.ts";
import { formatOutput, type OutputValue, readFormat } from "./_format.ts";
import { checkEmpty, type ToolRun } from "./_tool.ts";

const ALL_FLAG: FlagDefinition = { key: "all", names: ["a", "all"], kind: "bool" };

/**
 * Every option that has a value; one option's value (`null` when unset); or
 * with `--all` every declared option, unset ones as `null`.
 *
 * @param run The tool run.
 * @returns What the tool prints.
 * @throws {UsageError} For bad arguments.
 */
export function configGet(run: ToolRun): string {
  const parsed = parseArgs(run.args, [FORMAT_FLAG, ALL_FLAG]);
  const format = readFormat(parsed.flags.get("format"));
  const all = parsed.flags.get("all") === true;
  const key = parsed.positional[0] ?? "";
  if (key !== "" && all) {
    throw new UsageError(`cannot use argument --all together with key ${goQuote(key)}`);
  }
  checkEmpty(parsed.positional.slice(1));
  const settings: Record<string, OutputValue> = { ...run.model.config };
  if (key !== "") return formatOutput(settings[key] ?? null, format);
  if (all) {
    for (const option of run.model.declaredOptions) settings[option] ??= null;
  }
  return formatOutput(settings, format);
}
