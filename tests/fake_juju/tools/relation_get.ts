/**
 * `relation-get`: read a databag, following Juju's rules on whose bag and who
 * may read it.
 *
 * @module
 */

import { APP_NAME, UNIT_NAME } from "../juju_names.ts";
import type { Databag, FakeRelation } from "../model.ts";
import { withPending } from "../relation_writes.ts";
import {
  APP_FLAG,
  FORMAT_FLAG,
  goQuote,
  parseArgs,
  type ParsedArgs,
  RELATION_FLAG,
  UsageError,
} from "./_flags.ts";
import { readFormat } from "./_format.ts";
import { resolveRelation } from "./_relation.ts";
import { checkEmpty, output, ToolFailure, type ToolRun } from "./_tool.ts";

/**
 * `relation-get [-r id] [--app] [key|-] [unit-or-app]`: all keys of a bag
 * (`-`) or one key (`null` when missing). The writer sees its own buffered
 * writes; a non-leader may not read its own application's bag.
 *
 * @param run The tool run.
 * @returns What the tool prints.
 * @throws {UsageError} For bad arguments.
 * @throws {ToolFailure} When the bag may not be read or does not exist.
 */
export function relationGet(run: ToolRun): string {
  const parsed = parseArgs(run.args, [FORMAT_FLAG, RELATION_FLAG, APP_FLAG]);
  readFormat(parsed.flags.get("format"));
  const [id, relation] = resolveRelation(run, parsed);
  const first = parsed.positional[0];
  const key = first === undefined || first === "-" ? "" : first;
  const target = relationGetTarget(run, parsed);
  const bag = readBag(run, { id, relation, ...target });
  return output(parsed, key === "" ? bag : bag[key] ?? null);
}

/** Which databag `relation-get` reads, following Juju's `determineUnitOrAppName`. */
function relationGetTarget(run: ToolRun, parsed: ParsedArgs): { name: string; app: boolean } {
  const app = parsed.flags.get("app") === true;
  const supplied = parsed.positional[1];
  checkEmpty(parsed.positional.slice(2));
  if (supplied !== undefined) {
    if (!app) return { name: supplied, app };
    if (APP_NAME.test(supplied)) return { name: supplied, app };
    return { name: UNIT_NAME.exec(supplied)?.[1] ?? "", app };
  }
  const hookRelation = run.context.relationId === undefined
    ? undefined
    : run.model.relations[run.context.relationId];
  if (!app && run.context.remoteUnit !== undefined) {
    return { name: run.context.remoteUnit, app };
  }
  if (hookRelation === undefined) throw new UsageError("no unit or application specified");
  return { name: hookRelation.remoteApp, app: true };
}

function readBag(
  run: ToolRun,
  target: { id: string; relation: FakeRelation; name: string; app: boolean },
): Databag {
  const { model, context, unit } = run;
  const { id, relation, name } = target;
  if (target.app) {
    if (name === model.app) {
      if (!unit.leader) throw new ToolFailure("permission denied");
      const committed = relation.appData[name] ?? {};
      return withPending(model, committed, { unit: context.unit, relationId: id, bag: "app" });
    }
    if (name === relation.remoteApp) return { ...relation.appData[name] };
    throw new ToolFailure("permission denied");
  }
  if (name === context.unit) {
    const committed = relation.unitData[name] ?? {};
    return withPending(model, committed, { unit: context.unit, relationId: id, bag: "unit" });
  }
  if (!UNIT_NAME.test(name)) {
    throw new ToolFailure(
      `cannot read settings for unit ${goQuote(name)} in relation ${goQuote(id)}: ` +
        `${goQuote(name)} is not a valid unit name (use --app for application data)`,
    );
  }
  const bag = relation.unitData[name];
  if (bag === undefined && !relation.remoteUnits.includes(name)) {
    throw new ToolFailure(
      `cannot read settings for unit ${goQuote(name)} in relation ${goQuote(id)}: ` +
        `unit ${goQuote(name)}: settings not found`,
    );
  }
  return { ...bag };
}
