/**
 * The command line of `deno task simulate`.
 *
 * @module
 */

import { parseArgs } from "node:util";

/** The help text. */
export const SIMULATE_HELP = `Usage: deno task simulate <hook or action> [options]

Run the charm's real dispatch for one hook, or one of its actions as juju run
runs it (show-backup-config), through the fake Juju of the tests, and print
what juju status, juju run and juju show-unit would show: the unit's status,
the action's results, the application data the charm published in each backup
relation (which juju show-unit bacula-fd/0 shows), the script files, and every
hook-tool call the charm made. Paths under the directory that stands for
/opt/backup-integrator-charm are printed under /opt/backup-integrator-charm,
and the calls the charm starts together are printed in a fixed order.

Options:
  --config KEY=VALUE  Set a config option first (juju config); KEY=@FILE reads the value
                      from FILE. Repeat for more options.
  --reset KEY         Unset a config option first (juju config --reset). Repeatable.
  --leader            Make the unit the leader.
  --no-leader         Make the unit a non-leader.
  --relations N       Have N backup relations (to bacula-fd, bacula-fd-r2, bacula-fd-r3,
                      …) first.
  --relation ID       The relation a relation hook runs for, e.g. backup:2 (default: the
                      newest; backup-relation-created adds a relation unless --relations
                      or --relation is given).
  --unit NAME         The unit, e.g. backup-integrator/1 (default: backup-integrator/0).
  --state FILE        Keep the model and the unit's files between calls: read FILE if it
                      exists, write it back after the hook (making its directory). The
                      files go to FILE.opt/. Relative paths, here and in KEY=@FILE,
                      start from the directory deno task was run in.
  --json              Print the result as JSON.
  -h, --help          Show this help.

Example, from the repository (.simulate/ is ignored by git):
  deno task simulate config-changed --state .simulate/sim.json --leader \\
    --config fileset=/var/backups --config run-before-backup=@.simulate/backup.sh
  deno task simulate backup-relation-created --state .simulate/sim.json
  deno task simulate show-backup-config --state .simulate/sim.json
  deno task simulate remove --state .simulate/sim.json
`;

/** What the command line asks for. */
export interface SimulateArgs {
  /** The hook to run, e.g. `config-changed`. */
  readonly hook: string;
  /** Options to set (from `--config`), values read from files already. */
  readonly config: Readonly<Record<string, string>>;
  /** Options to unset (`--reset`). */
  readonly reset: readonly string[];
  /** `true` for `--leader`, `false` for `--no-leader`, absent to leave as it is. */
  readonly leader?: boolean;
  /** `--relations N`. */
  readonly relations?: number;
  /** `--relation ID`. */
  readonly relation?: string;
  /** `--unit NAME`. */
  readonly unit?: string;
  /** `--state FILE`. */
  readonly state?: string;
  /** `--json`. */
  readonly json: boolean;
  /** `--help`. */
  readonly help: boolean;
}

/** Bad command-line arguments; the message says what is wrong. */
export class SimulateUsageError extends Error {
  /**
   * @param message What is wrong.
   */
  constructor(message: string) {
    super(message);
    this.name = "SimulateUsageError";
  }
}

const HOOK_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const RELATION_ID = /^[a-z][a-z0-9-]*:[0-9]+$/;

/**
 * Parse the command line.
 *
 * @param args The arguments, without the program name.
 * @param readFile Reads a `KEY=@FILE` value; `Deno.readTextFileSync` when absent.
 * @returns What it asks for.
 * @throws {SimulateUsageError} When an argument is missing, unknown or malformed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseSimulateArgs } from "./simulate_args.ts";
 * const args = parseSimulateArgs(["config-changed", "--config", "fileset=/srv", "--leader"]);
 * assert.equal(args.hook, "config-changed");
 * assert.deepEqual(args.config, { fileset: "/srv" });
 * assert.equal(args.leader, true);
 * ```
 */
export function parseSimulateArgs(
  args: readonly string[],
  readFile: (path: string) => string = Deno.readTextFileSync,
): SimulateArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        config: { type: "string", multiple: true },
        reset: { type: "string", multiple: true },
        leader: { type: "boolean" },
        "no-leader": { type: "boolean" },
        relations: { type: "string" },
        relation: { type: "string" },
        unit: { type: "string" },
        state: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new SimulateUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const help = values.help === true;
  if (help) return { hook: "", config: {}, reset: [], json: false, help };
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new SimulateUsageError(
      positionals.length === 0
        ? "Name the hook to run, e.g. config-changed"
        : `Name one hook, not ${positionals.length}: ${positionals.join(" ")}`,
    );
  }
  const hook = positionals[0];
  if (!HOOK_NAME.test(hook)) {
    throw new SimulateUsageError(`${JSON.stringify(hook)} is not a hook name`);
  }
  if (values.leader === true && values["no-leader"] === true) {
    throw new SimulateUsageError("Give --leader or --no-leader, not both");
  }
  const config: Record<string, string> = {};
  for (const setting of values.config ?? []) {
    const equals = setting.indexOf("=");
    if (equals <= 0) {
      throw new SimulateUsageError(`--config takes KEY=VALUE, not ${JSON.stringify(setting)}`);
    }
    const key = setting.slice(0, equals);
    const value = setting.slice(equals + 1);
    config[key] = value.startsWith("@") ? readValue(value.slice(1), readFile) : value;
  }
  let relations: number | undefined;
  if (values.relations !== undefined) {
    relations = Number(values.relations);
    if (!Number.isInteger(relations) || relations < 0 || relations > 100) {
      throw new SimulateUsageError(
        `--relations takes a count from 0 to 100, not ${JSON.stringify(values.relations)}`,
      );
    }
  }
  if (values.relation !== undefined && !RELATION_ID.test(values.relation)) {
    throw new SimulateUsageError(
      `--relation takes an id like backup:2, not ${JSON.stringify(values.relation)}`,
    );
  }
  return {
    hook,
    config,
    reset: values.reset ?? [],
    ...(values.leader === true ? { leader: true } : {}),
    ...(values["no-leader"] === true ? { leader: false } : {}),
    ...(relations === undefined ? {} : { relations }),
    ...(values.relation === undefined ? {} : { relation: values.relation }),
    ...(values.unit === undefined ? {} : { unit: values.unit }),
    ...(values.state === undefined ? {} : { state: values.state }),
    json: values.json === true,
    help,
  };
}

function readValue(path: string, readFile: (path: string) => string): string {
  try {
    return readFile(path);
  } catch (error) {
    throw new SimulateUsageError(
      `Cannot read the value file ${JSON.stringify(path)}: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
}
