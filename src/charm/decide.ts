/**
 * The reconcile's one decision: given everything a hook gathered, say every
 * change to make (files, relation data, log lines, status), as plain data.
 * Pure: no I/O, no clock, no randomness. `gather.ts` reads the inputs and
 * `apply.ts` carries the decision out, in the order it lists.
 *
 * The rules, in order:
 * 1. `remove`: release this unit's claim on the application's files (the last
 *    unit on the machine removes them) and set no status.
 * 2. Files that could not be read: the hook fails (Juju retries it); whether
 *    a script that must go is still there cannot be known.
 * 3. In every case below, last, as housekeeping: make the Python charm's
 *    per-unit directories of this application private (`legacy_dirs.ts`).
 *    It never blocks the rest: when they cannot be looked at, or one cannot
 *    be made private, a `WARNING` says so and the hook goes on (a failed
 *    hook would undo the relation data that turns a script off).
 * 4. Invalid config: fail closed. Every script option that is unset or empty
 *    has its file removed and, on the leader, its key deleted from every
 *    counted relation; everything else keeps the last valid config (a
 *    changed script keeps its old content, the published `fileset` stays).
 *    `blocked`, naming every option at fault and what is still in force.
 * 5. Otherwise: claim the files for this unit, remove leftovers of
 *    interrupted writes, write changed scripts and remove unset ones; on the
 *    leader, patch every counted relation's application data; then
 *    `waiting` without a counted relation, else `active`. The relation being
 *    broken in `backup-relation-broken` does not count, whether or not
 *    `relation-ids` still lists it (Juju versions differ).
 *
 * @module
 */

import { encodeBackupSpec } from "../backup_interface/requirer_data.ts";
import { databagPatch } from "../juju/databag.ts";
import type { Databag, LogLevel } from "../juju/hook_tools.ts";
import { type ConfigResult, type InvalidConfig, SCRIPT_OPTIONS } from "./config.ts";
import { BACKUP_RELATION_BROKEN } from "./hooks.ts";
import { type LegacyScan, type LegacyTighten, planLegacyDirs } from "./legacy_dirs.ts";
import {
  blockedStatus,
  decideStatus,
  desiredBackupSpec,
  planScripts,
  type Status,
} from "./plan.ts";
import type { Release, ScriptDirectory } from "./script_store.ts";

/** What the `remove` hook works from. */
export interface RemoveInputs {
  /** The `remove` hook. */
  readonly kind: "remove";
  /** This unit, e.g. `backup-integrator/0`. */
  readonly unit: string;
}

/** What every other observed hook gathered. */
export interface ReconcileInputs {
  /** Any other observed hook. */
  readonly kind: "reconcile";
  /** The observed hook, e.g. `config-changed`. */
  readonly hook: string;
  /** This unit, e.g. `backup-integrator/0`. */
  readonly unit: string;
  /** The relation of a relation hook (`JUJU_RELATION_ID`), e.g. `backup:3`. */
  readonly relationId?: string;
  /** The config, parsed. */
  readonly config: ConfigResult;
  /** What `relation-ids backup` listed. */
  readonly relationIds: readonly string[];
  /** Whether this unit leads. */
  readonly leader: boolean;
  /** The scripts directory as it is, or why it could not be read. */
  readonly scripts: ScriptDirectory | { readonly error: unknown };
  /** Absolute path of the scripts directory. */
  readonly scriptsDir: string;
  /** The Python charm's leftovers of this application, or why they could not be read. */
  readonly legacy?: LegacyScan | { readonly error: unknown; readonly base: string };
  /**
   * This application's databag in each relation {@link relationsToRead} named;
   * empty when it named none.
   */
  readonly databags: ReadonlyMap<string, Databag>;
}

/** Inputs of {@link decide}. */
export type Inputs = RemoveInputs | ReconcileInputs;

/** One change to the charm's files, in the order {@link Decision.files} lists them. */
export type FileChange =
  | { readonly kind: "claim"; readonly unit: string }
  | { readonly kind: "release"; readonly unit: string }
  | { readonly kind: "remove"; readonly name: string }
  | ({ readonly kind: "tighten-legacy" } & LegacyTighten)
  | {
    readonly kind: "write";
    readonly name: string;
    readonly content: Uint8Array;
    readonly mode: number;
  };

/** A `relation-set` of this application's databag. */
export interface RelationPatch {
  /** The relation, e.g. `backup:3`. */
  readonly relationId: string;
  /** The keys to set; an empty value deletes its key. */
  readonly data: Databag;
}

/** A `juju-log` line. */
export interface LogLine {
  /** Its level. */
  readonly level: LogLevel;
  /** Its text. */
  readonly message: string;
}

/** Everything a hook must change, in the order it must happen. */
export interface Decision {
  /** Fail the hook with this error before changing anything. */
  readonly failure?: unknown;
  /** File changes, first. */
  readonly files: readonly FileChange[];
  /** Relation data changes, once the files they name exist. */
  readonly patches: readonly RelationPatch[];
  /** Log lines, once the changes they report are made. */
  readonly logs: readonly LogLine[];
  /** The status to set last; absent in `remove`, which sets none. */
  readonly status?: Status;
}

/**
 * The relations that count in this hook: every listed one, except the
 * relation being broken in `backup-relation-broken`.
 *
 * @param inputs The hook, its relation and what `relation-ids` listed.
 * @returns The relation ids that count, in Juju's order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { countedRelations } from "./decide.ts";
 * const ids = ["backup:1", "backup:2"];
 * assert.deepEqual(
 *   countedRelations({ hook: "backup-relation-broken", relationId: "backup:1", relationIds: ids }),
 *   ["backup:2"],
 * );
 * ```
 */
export function countedRelations(
  inputs: Pick<ReconcileInputs, "hook" | "relationId" | "relationIds">,
): readonly string[] {
  if (inputs.hook !== BACKUP_RELATION_BROKEN) return inputs.relationIds;
  return inputs.relationIds.filter((id) => id !== inputs.relationId);
}

/**
 * The relations whose application databag the decision needs: every counted
 * one on a leader, else none (a non-leader may not read it). Invalid config
 * needs them too: the keys of unset scripts are deleted, and the status says
 * whether a `fileset` is still published.
 *
 * @param inputs What the first round of reads gave.
 * @returns The relation ids to read with `relation-get --app`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { relationsToRead } from "./decide.ts";
 * const inputs = {
 *   hook: "backup-relation-broken",
 *   relationId: "backup:2",
 *   relationIds: ["backup:2", "backup:3"],
 *   config: { ok: true, config: { fileset: ["/srv"], scripts: {} } },
 * } as const;
 * assert.deepEqual(relationsToRead({ ...inputs, leader: true }), ["backup:3"]);
 * assert.deepEqual(relationsToRead({ ...inputs, leader: false }), []);
 * ```
 */
export function relationsToRead(
  inputs: Pick<ReconcileInputs, "hook" | "relationId" | "relationIds" | "leader">,
): readonly string[] {
  return inputs.leader ? countedRelations(inputs) : [];
}

/**
 * Decide every change a hook makes.
 *
 * @param inputs What the hook gathered.
 * @returns The changes, in order; see the module's rules.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decide } from "./decide.ts";
 * const decision = decide({
 *   kind: "reconcile",
 *   hook: "config-changed",
 *   unit: "backup-integrator/0",
 *   config: { ok: false, message: "set fileset: …", unsetScripts: ["run-before-backup"] },
 *   relationIds: ["backup:1"],
 *   leader: true,
 *   scripts: { files: {}, leftovers: [], tightened: [] },
 *   scriptsDir: "/opt/backup-integrator-charm/backup-integrator/scripts",
 *   databags: new Map([["backup:1", { fileset: "/srv", "run-before-backup": "/x" }]]),
 * });
 * assert.deepEqual(decision.patches, [{ relationId: "backup:1", data: { "run-before-backup": "" } }]);
 * assert.deepEqual(decision.status, {
 *   name: "blocked",
 *   message: "[in force: fileset] set fileset: …; in force: fileset",
 * });
 * ```
 */
export function decide(inputs: Inputs): Decision {
  if (inputs.kind === "remove") {
    return { files: [{ kind: "release", unit: inputs.unit }], patches: [], logs: [] };
  }
  const { config, scripts, scriptsDir } = inputs;
  if ("error" in scripts) return { failure: scripts.error, files: [], patches: [], logs: [] };
  const leftovers = legacyHousekeeping(inputs.legacy);
  const files: FileChange[] = [];
  const logs: LogLine[] = [
    ...scripts.tightened.map((message): LogLine => ({ level: "WARNING", message })),
    ...leftovers.logs,
  ];
  if (!config.ok) {
    const decision = decideInvalid(inputs, config, { scripts, files, logs });
    return { ...decision, files: [...decision.files, ...leftovers.files] };
  }

  files.push({ kind: "claim", unit: inputs.unit });
  for (const name of scripts.leftovers) {
    files.push({ kind: "remove", name });
    logs.push({ level: "INFO", message: `removed leftover temporary file ${scriptsDir}/${name}` });
  }
  const plan = planScripts(config.config.scripts, scripts.files);
  for (const script of plan.writes) {
    const path = `${scriptsDir}/${script.name}`;
    files.push({ kind: "write", name: script.name, content: script.content, mode: script.mode });
    if (script.replaces !== undefined) {
      logs.push({ level: "WARNING", message: `replaced ${path}: it ${script.replaces}` });
    }
    logs.push(
      script.hasShebang ? { level: "INFO", message: `wrote ${path}` } : {
        level: "WARNING",
        message: `wrote ${path} without a "#!" line: the backup agent may not be able to run it`,
      },
    );
  }
  removeScripts(plan.removals, { scriptsDir, files, logs });
  files.push(...leftovers.files);

  const counted = countedRelations(inputs);
  const desired = encodeBackupSpec(desiredBackupSpec(config.config, scriptsDir));
  const patches = inputs.leader ? patchRelations(inputs, () => desired, logs) : [];
  return { files, patches, logs, status: decideStatus(counted.length, appName(inputs.unit)) };
}

/**
 * Invalid config: remove what is unset, keep the rest as the last valid
 * config left it, and say what is still in force.
 */
function decideInvalid(
  inputs: ReconcileInputs,
  config: InvalidConfig,
  state: { scripts: ScriptDirectory; files: FileChange[]; logs: LogLine[] },
): Decision {
  const { scripts, files, logs } = state;
  const unset = new Set<string>(config.unsetScripts);
  removeScripts(config.unsetScripts.filter((name) => scripts.files[name] !== undefined), {
    scriptsDir: inputs.scriptsDir,
    files,
    logs,
  });
  const inForce = new Set<string>(
    SCRIPT_OPTIONS.filter((name) => !unset.has(name) && scripts.files[name] !== undefined),
  );
  const patches = inputs.leader
    ? patchRelations(inputs, (current) => {
      const kept = Object.entries(current).filter(([key]) => !unset.has(key));
      for (const [key] of kept) inForce.add(key);
      return Object.fromEntries(kept);
    }, logs)
    : [];
  const named = ["fileset", ...SCRIPT_OPTIONS].filter((option) => inForce.has(option));
  const unit = { leader: inputs.leader, app: appName(inputs.unit) };
  return { files, patches, logs, status: blockedStatus(config.message, named, unit) };
}

/**
 * The Python charm's leftovers, as housekeeping: the directories to make
 * private, or a warning when they could not be looked at.
 */
function legacyHousekeeping(
  legacy: ReconcileInputs["legacy"],
): { files: FileChange[]; logs: LogLine[] } {
  if (legacy === undefined) return { files: [], logs: [] };
  if ("error" in legacy) {
    return {
      files: [],
      logs: [{
        level: "WARNING",
        message: `could not look for the Python charm's leftovers in ${legacy.base}: ${
          errorText(legacy.error)
        }`,
      }],
    };
  }
  const plan = planLegacyDirs(legacy);
  return {
    files: plan.tighten.map((dir): FileChange => ({ kind: "tighten-legacy", ...dir })),
    logs: [...plan.logs],
  };
}

/** An error's message, for a log line (`juju-log` escapes it). */
function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function appName(unit: string): string {
  return unit.slice(0, unit.lastIndexOf("/"));
}

/** Remove the files of unset scripts, and say so. */
function removeScripts(
  names: readonly string[],
  into: { scriptsDir: string; files: FileChange[]; logs: LogLine[] },
): void {
  for (const name of names) {
    into.files.push({ kind: "remove", name });
    into.logs.push({ level: "INFO", message: `removed ${into.scriptsDir}/${name}` });
  }
}

/**
 * On the leader: the patch of every counted relation whose databag differs
 * from what `desired` makes of it, each with its log line.
 */
function patchRelations(
  inputs: ReconcileInputs,
  desired: (current: Databag) => Databag,
  logs: LogLine[],
): RelationPatch[] {
  const patches: RelationPatch[] = [];
  for (const relationId of countedRelations(inputs)) {
    const current = inputs.databags.get(relationId) ?? {};
    const data = databagPatch(current, desired(current));
    if (data === undefined) continue;
    patches.push({ relationId, data });
    logs.push({
      level: "INFO",
      message: `updated application data of ${relationId}: ${Object.keys(data).join(", ")}`,
    });
  }
  return patches;
}

/**
 * The log line for what `release` did in `remove`: the one change whose
 * report depends on its outcome (whether another local unit still uses the
 * files).
 *
 * @param release What the store's release did.
 * @returns The line to log.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { releaseLogLine } from "./decide.ts";
 * assert.equal(
 *   releaseLogLine({ appDir: "/opt/b/app", others: ["app/1"] }).message,
 *   "kept /opt/b/app: still used by app/1 on this machine",
 * );
 * ```
 */
export function releaseLogLine(release: Release): LogLine {
  return {
    level: "INFO",
    message: release.others.length === 0
      ? `removed ${release.appDir}`
      : `kept ${release.appDir}: still used by ${release.others.join(", ")} on this machine`,
  };
}
