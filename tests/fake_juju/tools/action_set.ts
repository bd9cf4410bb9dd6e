/**
 * `action-set`: add values to the running action's results, as Juju's
 * `jujuc/action-set.go` does.
 *
 * - Each argument is `<key path>=<value>`; the key path is split on `.`, and
 *   each key must start and end with a lowercase letter or digit and hold
 *   only those and hyphens (`^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`, the action
 *   name rule). The value is always a string and may be empty.
 * - `stdout`, `stdout-encoding`, `stderr` and `stderr-encoding` are reserved
 *   (Juju fills them from the action's output), at any depth.
 * - Every argument is checked before any is set: one bad argument sets
 *   nothing and exits 2.
 * - Results merge: `a.b=1` then `a.c=2` gives `{a: {b: "1", c: "2"}}`; a later
 *   value replaces an earlier one, a map replacing a string and the other way.
 * - Outside an action it fails at run time: `ERROR not running an action`, exit 1.
 * - It has no flags and no `--file`: every value is an argument, so it is
 *   bound by the ~128 KiB an argument may have.
 *
 * @module
 */

import type { ActionResults } from "../model.ts";
import { goQuote, parseArgs, UsageError } from "./_flags.ts";
import { runningAction } from "./_action.ts";
import type { ToolRun } from "./_tool.ts";

/** Juju's rule for one key of a result's key path. */
export const ACTION_KEY = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Keys Juju keeps for itself, refused at any depth. */
export const RESERVED_ACTION_KEYS: readonly string[] = [
  "stdout",
  "stdout-encoding",
  "stderr",
  "stderr-encoding",
];

/**
 * `action-set <key path>=<value>…`.
 *
 * @param run The tool run.
 * @returns Nothing to print.
 * @throws {UsageError} For an argument without `=`, a bad or reserved key.
 * @throws {ToolFailure} Outside an action.
 */
export function actionSet(run: ToolRun): string {
  const parsed = parseArgs(run.args, []);
  const pairs = parsed.positional.map(parsePair);
  const action = runningAction(run);
  for (const [keys, value] of pairs) setResult(action.results, keys, value);
  return "";
}

function parsePair(arg: string): [string[], string] {
  const equals = arg.indexOf("=");
  if (equals === -1) {
    throw new UsageError(`argument ${goQuote(arg)} must be of the form key...=value`);
  }
  const keys = arg.slice(0, equals).split(".");
  for (const key of keys) {
    if (!ACTION_KEY.test(key)) {
      throw new UsageError(
        `key ${goQuote(key)} must start and end with lowercase alphanumeric, ` +
          "and contain only lowercase alphanumeric and hyphens",
      );
    }
    if (RESERVED_ACTION_KEYS.includes(key)) {
      throw new UsageError(`cannot set reserved action key ${goQuote(key)}`);
    }
  }
  return [keys, arg.slice(equals + 1)];
}

/** Juju's `addValueToMap`: step into maps, replacing a string in the way with a map. */
function setResult(results: ActionResults, keys: readonly string[], value: string): void {
  let target = results;
  keys.forEach((key, index) => {
    if (index === keys.length - 1) {
      target[key] = value;
      return;
    }
    const next = Object.hasOwn(target, key) ? target[key] : undefined;
    if (typeof next === "object") {
      target = next;
    } else {
      const made: ActionResults = {};
      target[key] = made;
      target = made;
    }
  });
}
