/**
 * Which relation a relation tool acts on. Private to the fake's tools.
 *
 * @module
 */

import { type FakeRelation, findRelation } from "../model.ts";
import { goQuote, type ParsedArgs, UsageError } from "./_flags.ts";
import type { ToolRun } from "./_tool.ts";

/**
 * The relation named by `-r` (`backup:3` or `3`), else the hook's relation.
 * Juju looks the id up while parsing the flag, so an unknown relation is a
 * usage error. The relation being broken can still be addressed.
 *
 * @param run The tool run.
 * @param parsed Its parsed arguments.
 * @returns The relation's id and state.
 * @throws {UsageError} When there is no relation to act on.
 */
export function resolveRelation(run: ToolRun, parsed: ParsedArgs): [string, FakeRelation] {
  const value = parsed.flags.get("relation");
  if (typeof value !== "string") {
    const id = run.context.relationId;
    const relation = id === undefined ? undefined : run.model.relations[id];
    if (id === undefined || relation === undefined) {
      throw new UsageError("no relation id specified");
    }
    return [id, relation];
  }
  const digits = value.slice(value.lastIndexOf(":") + 1);
  if (!/^[+-]?[0-9]+$/.test(digits)) {
    throw new UsageError(`invalid value ${goQuote(value)} for option -r: invalid relation id`);
  }
  const found = findRelation(run.model, Number(digits));
  if (found === undefined) {
    throw new UsageError(`invalid value ${goQuote(value)} for option -r: relation not found`);
  }
  return found;
}
