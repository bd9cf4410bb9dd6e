/**
 * Typed wrappers over the Juju hook tools this charm calls, one function per
 * tool, every call through a {@link HookToolRunner}. Output is always
 * requested as JSON and validated before it is returned.
 *
 * @module
 */

import type * as z from "zod/mini";
import { HookToolError, type HookToolRunner } from "./hook_tool_runner.ts";

/** Names of the hook tools the charm runs; the binary may run nothing else. */
export const HOOK_TOOLS = [
  "config-get",
  "is-leader",
  "relation-ids",
  "relation-get",
  "relation-set",
  "status-set",
  "juju-log",
  "action-set",
  "action-fail",
] as const;

/** A hook tool the charm runs. */
export type HookToolName = typeof HOOK_TOOLS[number];

/** Workload status names a charm may set. */
export type StatusName = "maintenance" | "blocked" | "waiting" | "active";

/** Log levels `juju-log` accepts. */
export type LogLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR";

/** A relation databag: keys and values are always strings. */
export type Databag = Readonly<Record<string, string>>;

type Schemas = typeof import("./hook_tool_schemas.ts");

// Loaded when the first tool is spawned, and evaluated while it runs.
let schemas: Promise<Schemas> | undefined;

async function runJson<T>(
  runner: HookToolRunner,
  call: { tool: HookToolName; args: readonly string[] },
  schemaOf: (schemas: Schemas) => z.ZodMiniType<T>,
): Promise<T> {
  schemas ??= import("./hook_tool_schemas.ts");
  const stdout = await runner.run(call);
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch (error) {
    throw new HookToolError(call, {
      exitCode: 0,
      stderr: `unexpected output, not JSON: ${JSON.stringify(stdout.slice(0, 200))}`,
      cause: error,
    });
  }
  const result = schemaOf(await schemas).safeParse(parsed);
  if (!result.success) {
    throw new HookToolError(call, {
      exitCode: 0,
      stderr: `unexpected output: ${JSON.stringify(stdout.slice(0, 200))}`,
      cause: result.error,
    });
  }
  return result.data;
}

/**
 * Read every charm config option that has a value (`config-get --format=json`).
 * An option without a default that was never set is absent.
 *
 * @param runner Hook tool runner.
 * @returns The options by name; values keep the JSON types Juju gives.
 * @throws {HookToolError} When the tool fails or prints something unexpected.
 */
export async function configGet(runner: HookToolRunner): Promise<Record<string, unknown>> {
  return (await runJson(
    runner,
    { tool: "config-get", args: ["--format=json"] },
    (s) => s.configOutput,
  )) ??
    {};
}

/**
 * Whether this unit is the application's leader (`is-leader --format=json`).
 *
 * @param runner Hook tool runner.
 * @returns `true` on the leader.
 * @throws {HookToolError} When the tool fails or prints something unexpected.
 */
export function isLeader(runner: HookToolRunner): Promise<boolean> {
  return runJson(runner, { tool: "is-leader", args: ["--format=json"] }, (s) => s.booleanOutput);
}

/**
 * Ids of the relations on an endpoint (`relation-ids <endpoint> --format=json`).
 *
 * @param runner Hook tool runner.
 * @param endpoint The endpoint name, e.g. `backup`.
 * @returns Relation ids such as `backup:3`, in Juju's order.
 * @throws {HookToolError} When the tool fails or prints something unexpected.
 */
export async function relationIds(
  runner: HookToolRunner,
  endpoint: string,
): Promise<readonly string[]> {
  return (await runJson(
    runner,
    { tool: "relation-ids", args: [endpoint, "--format=json"] },
    (s) => s.relationIdsOutput,
  )) ?? [];
}

/**
 * Read a whole application databag
 * (`relation-get -r <id> --app --format=json - <app>`).
 *
 * @param runner Hook tool runner.
 * @param options The relation id and the application whose bag to read.
 * @returns The databag; empty when nothing is set.
 * @throws {HookToolError} When the tool fails (a non-leader reading its own
 * application's bag gets `permission denied`) or prints something unexpected.
 */
export async function relationGetApp(
  runner: HookToolRunner,
  options: { relationId: string; app: string },
): Promise<Databag> {
  return (await runJson(
    runner,
    {
      tool: "relation-get",
      args: ["-r", options.relationId, "--app", "--format=json", "-", options.app],
    },
    (s) => s.databagOutput,
  )) ?? {};
}

/**
 * Write keys of this application's databag (`relation-set -r <id> --app --file -`),
 * passing the data as JSON on stdin so no value can overflow argv. An empty
 * value deletes its key. Juju commits the write only if the hook exits 0.
 *
 * @param runner Hook tool runner.
 * @param options The relation id and the keys to set (empty string to delete).
 * @throws {HookToolError} When the tool fails (a non-leader is refused).
 */
export async function relationSetApp(
  runner: HookToolRunner,
  options: { relationId: string; data: Databag },
): Promise<void> {
  await runner.run({
    tool: "relation-set",
    args: ["-r", options.relationId, "--app", "--file", "-"],
    stdin: JSON.stringify(options.data),
  });
}

/**
 * Set this unit's workload status (`status-set <status> -- <message>`).
 *
 * @param runner Hook tool runner.
 * @param status The status name and its message.
 * @throws {HookToolError} When the tool fails.
 */
export async function statusSet(
  runner: HookToolRunner,
  status: { name: StatusName; message: string },
): Promise<void> {
  await runner.run({ tool: "status-set", args: [status.name, "--", status.message] });
}

/**
 * Write a line to the unit's log (`juju-log --log-level <level> -- <message>`).
 *
 * @param runner Hook tool runner.
 * @param entry The level and the message.
 * @throws {HookToolError} When the tool fails.
 */
export async function jujuLog(
  runner: HookToolRunner,
  entry: { level: LogLevel; message: string },
): Promise<void> {
  await runner.run({ tool: "juju-log", args: ["--log-level", entry.level, "--", entry.message] });
}

/**
 * Add results to the running action (`action-set <key>=<value>…`). Keys are
 * dot-separated paths of lowercase letters, digits and hyphens; values are
 * strings. Each pair is one argument, so the caller keeps each value and the
 * whole call small (the tool has no `--file`).
 *
 * @param runner Hook tool runner.
 * @param results The values by key path, e.g. `files.run-after-backup.mode`.
 * @throws {HookToolError} When the tool fails (a bad or reserved key, or no action).
 */
export async function actionSet(
  runner: HookToolRunner,
  results: Readonly<Record<string, string>>,
): Promise<void> {
  const args = Object.entries(results).map(([key, value]) => `${key}=${value}`);
  if (args.length > 0) await runner.run({ tool: "action-set", args });
}

/**
 * Mark the running action failed with a message (`action-fail -- <message>`).
 * The program goes on; Juju reports the action `failed` once it exits.
 *
 * @param runner Hook tool runner.
 * @param message What went wrong.
 * @throws {HookToolError} When the tool fails (outside an action).
 */
export async function actionFail(runner: HookToolRunner, message: string): Promise<void> {
  await runner.run({ tool: "action-fail", args: ["--", message] });
}
