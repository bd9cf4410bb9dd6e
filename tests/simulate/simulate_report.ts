/**
 * What `deno task simulate` prints: what a user would check with
 * `juju status`, `juju show-unit` and `juju debug-log`, and the files and
 * hook-tool calls of the hook.
 *
 * @module
 */

import type { FakeLogEntry, FakeStatus } from "../fake_juju/model.ts";

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
  /** What `dispatch` printed on stderr. */
  readonly stderr: string;
  /** The unit's status after the hook (`error` when it failed). */
  readonly status: FakeStatus;
  /** Each `backup` relation that remains, and the charm's data in it. */
  readonly relations: readonly SimulatedRelation[];
  /** The application's scripts directory. */
  readonly scriptsDir: string;
  /** The files in it after the hook, and those the hook removed. */
  readonly files: readonly SimulatedFile[];
  /** Every hook-tool call, in order. */
  readonly calls: readonly { tool: string; args: readonly string[]; stdin?: string }[];
  /** What the unit logged during the hook. */
  readonly logs: readonly FakeLogEntry[];
}

const SHOWN = 120;

/**
 * The simulation as text.
 *
 * @param simulation What the hook showed.
 * @returns Lines of text, ending without a newline.
 */
export function formatSimulation(simulation: Simulation): string {
  const s = simulation;
  const lines: string[] = [];
  lines.push(
    `${s.hook} on ${s.unit}${s.leader ? " (leader)" : ""}${
      s.relationId === undefined ? "" : ` for ${s.relationId}`
    }: exit ${s.exitCode}`,
    "",
    "juju status",
    `  ${"Unit".padEnd(28)}${"Workload".padEnd(12)}Message`,
    `  ${`${s.unit}${s.leader ? "*" : ""}`.padEnd(28)}${s.status.status.padEnd(12)}${
      cut(s.status.message)
    }`,
    "",
    `juju show-unit ${s.unit}: application data in each backup relation`,
  );
  if (s.relations.length === 0) lines.push("  (no backup relation)");
  for (const relation of s.relations) {
    lines.push(`  ${relation.id} (with ${relation.remoteApp})`);
    const entries = Object.entries(relation.appData);
    if (entries.length === 0) lines.push("    (empty)");
    for (const [key, value] of entries) lines.push(`    ${key}: ${cut(value)}`);
  }
  lines.push("", `script files in ${s.scriptsDir}`);
  if (s.files.length === 0) lines.push("  (none)");
  for (const file of s.files) {
    lines.push(
      `  ${file.name.padEnd(20)}${file.change.padEnd(11)}${file.mode.padEnd(6)}` +
        `${String(file.size).padStart(9)} bytes  ${file.firstLine}`,
    );
  }
  lines.push("", `hook-tool calls (${s.calls.length})`);
  for (const call of s.calls) {
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

function cut(text: string): string {
  // deno-lint-ignore no-control-regex
  const shown = text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
  return shown.length > SHOWN ? `${shown.slice(0, SHOWN)}… (${text.length} characters)` : shown;
}

function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
