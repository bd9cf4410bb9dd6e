/**
 * What `deno task simulate` prints: what a user would check with
 * `juju status`, `juju show-unit` and `juju debug-log`, and the files and
 * hook-tool calls of the hook.
 *
 * Two things make the text the same on every run and in every checkout: the
 * temporary directory that stands for `/opt/backup-integrator-charm` is
 * printed as `/opt/backup-integrator-charm` (the JSON keeps the real path,
 * with `optDir` saying which it is), and the calls the charm starts together
 * are printed in a fixed order (see {@link stableCallOrder}).
 *
 * @module
 */

import { DEFAULT_OPT_DIR } from "../../src/charm/paths.ts";
import type { ActionResults, FakeLogEntry, FakeStatus } from "../fake_juju/model.ts";

/** A script file after the hook, and what the hook did to it. */
export interface SimulatedFile {
  /** The file name, e.g. `run-before-backup`. */
  readonly name: string;
  /** `written` (created or replaced), `removed` or `unchanged`. */
  readonly change: "written" | "removed" | "unchanged";
  /** Its size in bytes; 0 when removed. */
  readonly size: number;
  /** Its permission bits, e.g. `0755`; empty when removed. */
  readonly mode: string;
  /** Its first line, cut to 60 characters. */
  readonly firstLine: string;
}

/** One `backup` relation and the charm's application databag in it. */
export interface SimulatedRelation {
  /** The relation id, e.g. `backup:1`. */
  readonly id: string;
  /** The provider at the other end. */
  readonly remoteApp: string;
  /**
   * A unit of the provider: `juju show-unit <it>` shows the charm's data, as
   * the related application's `application-data`.
   */
  readonly remoteUnit: string;
  /** The charm's application databag. */
  readonly appData: Readonly<Record<string, string>>;
}

/** Everything one simulated hook showed. */
export interface Simulation {
  /** The hook. */
  readonly hook: string;
  /** The unit it ran on. */
  readonly unit: string;
  /** Whether the unit was the leader. */
  readonly leader: boolean;
  /** The relation of a relation hook. */
  readonly relationId?: string;
  /** `dispatch`'s exit code. */
  readonly exitCode: number;
  /** Whether `dispatch` started the charm's binary: not for a hook the charm does not observe. */
  readonly binaryStarted: boolean;
  /** When an action ran: the task as `juju run` shows it. */
  readonly action?: {
    /** `completed` or `failed`. */
    readonly status: string;
    /** `action-fail`'s message, or `exit status N`; empty when it completed. */
    readonly message: string;
    /** What `action-set` set. */
    readonly results: ActionResults;
  };
  /** What `dispatch` printed on stderr. */
  readonly stderr: string;
  /** The unit's status after the hook (`error` when it failed). */
  readonly status: FakeStatus;
  /** Each `backup` relation that remains, and the charm's data in it. */
  readonly relations: readonly SimulatedRelation[];
  /** The directory that stood for `/opt/backup-integrator-charm` in this run. */
  readonly optDir: string;
  /** The application's scripts directory. */
  readonly scriptsDir: string;
  /** The files in it after the hook, and those the hook removed. */
  readonly files: readonly SimulatedFile[];
  /** Every hook-tool call, in order. */
  readonly calls: readonly { tool: string; args: readonly string[]; stdin?: string }[];
  /** What the unit logged during the hook. */
  readonly logs: readonly FakeLogEntry[];
}

const SHOWN = 200;

/** Reads the charm starts together, and the order they are printed in. */
const TOGETHER: readonly (readonly string[])[] = [
  ["config-get", "relation-ids", "is-leader"],
  ["relation-get"],
];

/**
 * The calls in an order that is the same on every run. The charm starts
 * `config-get`, `relation-ids` and `is-leader` together, and later one
 * `relation-get` per relation together, so the order in which they reach the
 * fake Juju varies from run to run. Each such run of consecutive calls is
 * printed in a fixed order: the first three as the charm starts them, the
 * `relation-get` calls by relation number. Every other call keeps its place.
 *
 * @param calls The calls, in the order the fake Juju received them.
 * @returns A new array.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stableCallOrder } from "./simulate_report.ts";
 * const calls = [
 *   { tool: "is-leader", args: [] },
 *   { tool: "config-get", args: [] },
 *   { tool: "relation-ids", args: [] },
 *   { tool: "relation-get", args: ["-r", "backup:12"] },
 *   { tool: "relation-get", args: ["-r", "backup:3"] },
 *   { tool: "status-set", args: ["active"] },
 * ];
 * assert.deepEqual(
 *   stableCallOrder(calls).map((c) => [c.tool, ...c.args].join(" ")),
 *   [
 *     "config-get",
 *     "relation-ids",
 *     "is-leader",
 *     "relation-get -r backup:3",
 *     "relation-get -r backup:12",
 *     "status-set active",
 *   ],
 * );
 * ```
 */
export function stableCallOrder<
  T extends { readonly tool: string; readonly args: readonly string[] },
>(
  calls: readonly T[],
): T[] {
  const ordered: T[] = [];
  let i = 0;
  while (i < calls.length) {
    const group = TOGETHER.find((tools) => tools.includes(calls[i]!.tool));
    if (group === undefined) {
      ordered.push(calls[i++]!);
      continue;
    }
    const run: T[] = [];
    while (i < calls.length && group.includes(calls[i]!.tool)) run.push(calls[i++]!);
    ordered.push(...run.sort((a, b) => rank(group, a) - rank(group, b)));
  }
  return ordered;
}

function rank(group: readonly string[], call: { tool: string; args: readonly string[] }): number {
  const relation = call.args[call.args.indexOf("-r") + 1] ?? "";
  const number = Number(/:(\d+)$/.exec(relation)?.[1] ?? 0);
  return group.indexOf(call.tool) * 1e9 + number;
}

/**
 * The simulation as text, with the directory that stood for
 * `/opt/backup-integrator-charm` shown as that, and the calls in
 * {@link stableCallOrder}.
 *
 * @param simulation What the hook showed.
 * @param where Where the directory that stood for `/opt/backup-integrator-charm`
 * is, in words: a path relative to the caller's directory, or "a temporary
 * directory"; printed once, after the scripts directory.
 * @returns Lines of text, ending without a newline.
 */
export function formatSimulation(simulation: Simulation, where?: string): string {
  const s = asDeployed(simulation);
  const lines: string[] = [];
  lines.push(
    `${s.hook} on ${s.unit}${s.leader ? " (leader)" : ""}${
      s.relationId === undefined ? "" : ` for ${s.relationId}`
    }: exit ${s.exitCode}`,
    ...(s.binaryStarted ? [] : [
      `dispatch ended ${s.hook} itself: the charm does not observe it, its binary did not start`,
    ]),
    "",
    "juju status",
    `  ${"Unit".padEnd(28)}${"Workload".padEnd(12)}Message`,
    `  ${`${s.unit}${s.leader ? "*" : ""}`.padEnd(28)}${s.status.status.padEnd(12)}${
      cut(s.status.message)
    }`,
  );
  if (s.action !== undefined) {
    lines.push(
      "",
      `juju run ${s.unit} ${s.hook}`,
      `  status: ${s.action.status}${s.action.message === "" ? "" : ` (${cut(s.action.message)})`}`,
    );
    for (const [key, value] of flatResults(s.action.results)) lines.push(`  ${key}: ${cut(value)}`);
  }
  lines.push(
    "",
    "application data this charm published in each backup relation",
  );
  if (s.relations.length === 0) lines.push("  (no backup relation)");
  for (const relation of s.relations) {
    lines.push(
      `  ${relation.id} with ${relation.remoteApp}: juju show-unit ${relation.remoteUnit}` +
        ` shows it as application-data`,
    );
    const entries = Object.entries(relation.appData);
    if (entries.length === 0) lines.push("    (empty)");
    for (const [key, value] of entries) lines.push(`    ${key}: ${cut(value)}`);
  }
  lines.push(
    "",
    `script files in ${s.scriptsDir}${
      where === undefined ? "" : ` (${DEFAULT_OPT_DIR}: ${where})`
    }`,
  );
  if (s.files.length === 0) lines.push("  (none)");
  for (const file of s.files) {
    lines.push(
      `  ${file.name.padEnd(20)}${file.change.padEnd(11)}${file.mode.padEnd(6)}` +
        `${String(file.size).padStart(9)} bytes  ${file.firstLine}`,
    );
  }
  lines.push("", `hook-tool calls (${s.calls.length})`);
  for (const call of stableCallOrder(s.calls)) {
    const args = call.args.map(shellWord).join(" ");
    const stdin = call.stdin === undefined ? "" : ` <<< ${cut(call.stdin)}`;
    lines.push(`  ${cut(`${call.tool}${args === "" ? "" : ` ${args}`}`)}${stdin}`);
  }
  if (s.logs.length > 0) {
    lines.push("", "juju debug-log");
    for (const entry of s.logs) lines.push(`  ${entry.level.padEnd(8)}${cut(entry.message)}`);
  }
  if (s.stderr.trim() !== "") {
    lines.push("", "dispatch stderr");
    for (const line of s.stderr.trimEnd().split("\n")) lines.push(`  ${cut(line)}`);
  }
  return lines.map((line) => line.trimEnd()).join("\n");
}

/** Action results as `key.path: value` pairs, sorted as `juju run` prints them. */
function flatResults(results: ActionResults, prefix = ""): [string, string][] {
  return Object.keys(results).sort().flatMap((key) => {
    const value = results[key] as string | ActionResults;
    return typeof value === "string"
      ? [[`${prefix}${key}`, value] as [string, string]]
      : flatResults(value, `${prefix}${key}.`);
  });
}

function showResults(results: ActionResults, show: (text: string) => string): ActionResults {
  return Object.fromEntries(
    Object.entries(results).map((
      [key, value],
    ) => [key, typeof value === "string" ? show(value) : showResults(value, show)]),
  );
}

/** The simulation with every path under its `optDir` shown under `/opt/backup-integrator-charm`. */
function asDeployed(s: Simulation): Simulation {
  const show = (text: string) =>
    s.optDir === "" || s.optDir === DEFAULT_OPT_DIR
      ? text
      : text.replaceAll(s.optDir, DEFAULT_OPT_DIR);
  return {
    ...s,
    stderr: show(s.stderr),
    status: { ...s.status, message: show(s.status.message) },
    ...(s.action === undefined ? {} : {
      action: {
        ...s.action,
        message: show(s.action.message),
        results: showResults(s.action.results, show),
      },
    }),
    relations: s.relations.map((relation) => ({
      ...relation,
      appData: Object.fromEntries(
        Object.entries(relation.appData).map(([key, value]) => [key, show(value)]),
      ),
    })),
    scriptsDir: show(s.scriptsDir),
    calls: s.calls.map((call) => ({
      ...call,
      args: call.args.map(show),
      ...(call.stdin === undefined ? {} : { stdin: show(call.stdin) }),
    })),
    logs: s.logs.map((entry) => ({ ...entry, message: show(entry.message) })),
  };
}

function cut(text: string): string {
  // deno-lint-ignore no-control-regex
  const shown = text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
  return shown.length > SHOWN ? `${shown.slice(0, SHOWN)}… (${text.length} characters)` : shown;
}

function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
