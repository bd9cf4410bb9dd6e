/**
 * The `show-backup-config` action's one decision: from what it gathered,
 * the results to report, as flat `action-set` key paths. Pure: no I/O.
 *
 * What it reports, on any unit:
 * - `expected.*`: what this application publishes given the config (the
 *   cleaned fileset and a path per configured script), or nothing when the
 *   config is invalid (`config` then holds the `blocked` message);
 * - `published.<endpoint>-<n>.*`, on the leader: what it published in each
 *   `backup` relation, and `matches-config`. A non-leader may not read its
 *   own application's databag (Juju answers `permission denied`), so there
 *   `published` says so and names the command to run on the leader: the
 *   comparison of `expected.*` with the files still tells whether this unit's
 *   machine is ready for what the leader publishes;
 * - `files.<script>.*`: each script file on this unit's machine (path, state,
 *   mode, size, SHA-256, and the SHA-256 of the configured content), never
 *   its content;
 * - `summary`: one line saying whether everything matches, and what does not.
 *
 * @module
 */

import {
  BACKUP_SCRIPT_KEYS,
  type BackupScriptKey,
  encodeBackupSpec,
} from "../backup_interface/requirer_data.ts";
import type { ConfigResult } from "../charm/config.ts";
import { desiredBackupSpec } from "../charm/plan.ts";
import { octal } from "../charm/trusted_path.ts";
import { databagPatch } from "../juju/databag.ts";
import type { Databag } from "../juju/hook_tools.ts";
import type { InspectedFile, ScriptInspection } from "./script_inspection.ts";

/** The action's name, as `charmcraft.yaml` declares it. */
export const SHOW_BACKUP_CONFIG = "show-backup-config";

/** What the action gathered. */
export interface ReportInputs {
  /** This unit, e.g. `backup-integrator/1`. */
  readonly unit: string;
  /** Its application, e.g. `backup-integrator`. */
  readonly app: string;
  /** Whether this unit leads. */
  readonly leader: boolean;
  /** The config, parsed. */
  readonly config: ConfigResult;
  /** The SHA-256 of each configured script's content. */
  readonly configDigests: Readonly<Partial<Record<BackupScriptKey, string>>>;
  /** What `relation-ids backup` listed. */
  readonly relationIds: readonly string[];
  /** On the leader, this application's databag in each relation; empty on a non-leader. */
  readonly databags: ReadonlyMap<string, Databag>;
  /** The scripts directory. */
  readonly scriptsDir: string;
  /** The script files on this machine. */
  readonly inspection: ScriptInspection;
}

/** Every state of a file, as `files.<script>.state` reports it. */
export const FILE_STATES = [
  "matches",
  "differs",
  "missing",
  "untrusted",
  "left-over",
  "not-configured",
  "not-compared",
] as const;

/** One of {@link FILE_STATES}. */
export type FileState = typeof FILE_STATES[number];

/**
 * Decide the action's results.
 *
 * @param inputs What the action gathered.
 * @returns The results by key path, e.g. `files.run-after-backup.state`, in
 * the order to report them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { backupReport } from "./backup_report.ts";
 * const results = backupReport({
 *   unit: "backup-integrator/1",
 *   app: "backup-integrator",
 *   leader: false,
 *   config: { ok: true, config: { fileset: ["/srv"], scripts: {} } },
 *   configDigests: {},
 *   relationIds: ["backup:3"],
 *   databags: new Map(),
 *   scriptsDir: "/opt/backup-integrator-charm/backup-integrator/scripts",
 *   inspection: { files: {} },
 * });
 * assert.equal(results["expected.fileset"], "/srv");
 * assert.match(results["published"] ?? "", /only the leader/);
 * ```
 */
export function backupReport(inputs: ReportInputs): Record<string, string> {
  const results: Record<string, string> = {
    unit: inputs.unit,
    leader: String(inputs.leader),
    config: inputs.config.ok ? "valid" : inputs.config.message,
  };
  const problems: string[] = [];
  const expected = inputs.config.ok
    ? encodeBackupSpec(desiredBackupSpec(inputs.config.config, inputs.scriptsDir))
    : undefined;
  for (const [key, value] of Object.entries(expected ?? {})) results[`expected.${key}`] = value;
  reportPublished(inputs, expected, { results, problems });
  if (inputs.inspection.directoryProblem !== undefined) {
    results["files.directory"] = inputs.inspection.directoryProblem;
    problems.push(inputs.inspection.directoryProblem);
  }
  for (const name of BACKUP_SCRIPT_KEYS) {
    const file = inputs.inspection.files[name] ?? { state: "absent" };
    const { state, note } = judgeFile(inputs, name, file);
    const prefix = `files.${name}`;
    results[`${prefix}.path`] = `${inputs.scriptsDir}/${name}`;
    results[`${prefix}.state`] = state;
    if (note !== undefined) results[`${prefix}.note`] = note;
    if (file.state === "present") {
      results[`${prefix}.mode`] = octal(file.mode);
      results[`${prefix}.size`] = String(file.size);
      if (file.sha256 !== undefined) results[`${prefix}.sha256`] = file.sha256;
    }
    const wanted = inputs.configDigests[name];
    if (wanted !== undefined) results[`${prefix}.expected-sha256`] = wanted;
    if (!["matches", "not-configured", "not-compared"].includes(state)) {
      problems.push(`${name}: ${state}`);
    }
  }
  results["summary"] = summary(inputs, problems);
  return results;
}

function reportPublished(
  inputs: ReportInputs,
  expected: Databag | undefined,
  out: { results: Record<string, string>; problems: string[] },
): void {
  if (!inputs.leader) {
    out.results["published"] = "only the leader can read what this application published " +
      "(a non-leader gets permission denied): run " +
      `juju run ${inputs.app}/leader ${SHOW_BACKUP_CONFIG}; expected.* is what it publishes`;
    return;
  }
  if (inputs.relationIds.length === 0) {
    out.results["published"] = "nothing: there is no backup relation";
    out.problems.push("there is no backup relation");
    return;
  }
  for (const relationId of inputs.relationIds) {
    const bag = inputs.databags.get(relationId) ?? {};
    const prefix = `published.${relationId.replace(":", "-")}`;
    out.results[`${prefix}.relation-id`] = relationId;
    for (const [key, value] of Object.entries(bag)) {
      // A key Juju would refuse (only the charm writes this bag) is left out.
      if (/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(key)) out.results[`${prefix}.${key}`] = value;
    }
    if (expected === undefined) continue;
    const matches = databagPatch(bag, expected) === undefined;
    out.results[`${prefix}.matches-config`] = String(matches);
    if (!matches) out.problems.push(`the data published in ${relationId} differs from the config`);
  }
}

function judgeFile(
  inputs: ReportInputs,
  name: BackupScriptKey,
  file: InspectedFile,
): { state: FileState; note?: string } {
  if (!inputs.config.ok) {
    return file.state === "absent"
      ? { state: "not-compared" }
      : { state: "not-compared", note: "the config is invalid: the hooks keep the last good file" };
  }
  const configured = inputs.config.config.scripts[name] !== undefined;
  if (!configured) {
    return file.state === "absent" ? { state: "not-configured" } : {
      state: "left-over",
      note: `${name} is unset: the next hook removes the file`,
    };
  }
  if (file.state === "absent") return { state: "missing", note: "the next hook writes it" };
  if (file.untrusted !== undefined) {
    return { state: "untrusted", note: `it ${file.untrusted}: the next hook replaces it` };
  }
  if (file.sha256 === undefined) return { state: "differs", note: "too large to be the config's" };
  return file.sha256 === inputs.configDigests[name] ? { state: "matches" } : {
    state: "differs",
    note: "its content is not the config's: the next hook rewrites it",
  };
}

function summary(inputs: ReportInputs, problems: readonly string[]): string {
  if (!inputs.config.ok) {
    return `the config is invalid (${inputs.config.message}): the charm is blocked and keeps ` +
      "the last good files and data";
  }
  if (problems.length > 0) {
    return `does not match the config: ${problems.join("; ")} (a hook that fails leaves it ` +
      "so: see juju status)";
  }
  return inputs.leader
    ? "matches: the script files on this machine and the data published in every backup " +
      "relation are what the config says"
    : "matches: the script files on this machine are what the config says; only the leader " +
      "can read the published data";
}
