/**
 * `relation-ids`: the relations of an endpoint, with the relation-broken
 * behaviour of the Juju version the model emulates.
 *
 * @module
 */

import { jujuMinorVersion } from "../model.ts";
import { FORMAT_FLAG, parseArgs, UsageError } from "./_flags.ts";
import { readFormat } from "./_format.ts";
import { checkEmpty, output, type ToolRun } from "./_tool.ts";

/** The first Juju version whose `relation-ids` hides the relation being broken. */
export const HIDES_BROKEN_RELATION_SINCE: readonly [number, number] = [3, 4];

/**
 * Whether `relation-ids` leaves out the relation being broken during its
 * `-relation-broken` hook: from Juju 3.4 it does, before it still lists it.
 *
 * @param jujuVersion The emulated Juju version, e.g. `3.3.6`.
 * @returns `true` from 3.4 on.
 * @throws {TypeError} When the version is not like `3.6.4`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hidesBrokenRelation } from "./relation_ids.ts";
 * assert.equal(hidesBrokenRelation("3.4.0"), true);
 * assert.equal(hidesBrokenRelation("3.3.6"), false);
 * assert.equal(hidesBrokenRelation("2.9.50"), false);
 * ```
 */
export function hidesBrokenRelation(jujuVersion: string): boolean {
  const [major, minor] = jujuMinorVersion(jujuVersion);
  const [sinceMajor, sinceMinor] = HIDES_BROKEN_RELATION_SINCE;
  return major > sinceMajor || (major === sinceMajor && minor >= sinceMinor);
}

/**
 * The endpoint's relation ids (the hook's endpoint when none is named),
 * sorted as Go's `sort.Strings` sorts them: `backup:10` before `backup:9`.
 *
 * @param run The tool run.
 * @returns What the tool prints; `[]` as JSON when there are none.
 * @throws {UsageError} When no endpoint is named outside a relation hook.
 */
export function relationIds(run: ToolRun): string {
  const parsed = parseArgs(run.args, [FORMAT_FLAG]);
  readFormat(parsed.flags.get("format"));
  const endpoint = parsed.positional[0] ?? hookEndpoint(run);
  if (endpoint === undefined) throw new UsageError("no relation name specified");
  checkEmpty(parsed.positional.slice(1));
  const hidden = hidesBrokenRelation(run.model.jujuVersion)
    ? run.context.brokenRelationId
    : undefined;
  const ids = Object.entries(run.model.relations)
    .filter(([id, relation]) => relation.endpoint === endpoint && id !== hidden)
    .map(([id]) => id)
    .sort();
  return output(parsed, ids);
}

function hookEndpoint(run: ToolRun): string | undefined {
  const id = run.context.relationId;
  if (id === undefined) return undefined;
  return run.model.relations[id]?.endpoint ?? id.slice(0, id.lastIndexOf(":"));
}
