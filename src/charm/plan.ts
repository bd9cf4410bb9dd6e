/**
 * The reconcile's decisions, as pure functions: given what is, say what
 * should change. `reconcile.ts` gathers the inputs and applies the results.
 *
 * @module
 */

import type { BackupScriptKey, BackupSpec } from "../backup_interface/requirer_data.ts";
import type { StatusName } from "../juju/hook_tools.ts";
import { type CharmConfig, SCRIPT_OPTIONS } from "./config.ts";
import type { ScriptFile } from "./script_store.ts";
import { scriptMode } from "./trusted_path.ts";

/** A workload status to set. */
export interface Status {
  /** The status name. */
  readonly name: StatusName;
  /** Its message; empty for `active`. */
  readonly message: string;
}

/** The status when everything is in place. */
export const ACTIVE: Status = { name: "active", message: "" };

/** A script to write. */
export interface ScriptWrite {
  /** The option, and file, name. */
  readonly name: BackupScriptKey;
  /** The exact bytes. */
  readonly content: Uint8Array;
  /** Whether the content starts with `#!`; a script without one gets a warning. */
  readonly hasShebang: boolean;
  /** The permission bits to write it with: 0700, or a stricter mode the file had. */
  readonly mode: number;
  /** Why the file on disk is replaced even if its content is right, when it is untrusted. */
  readonly replaces?: string;
}

/** Changes to the scripts directory. */
export interface ScriptPlan {
  /** Scripts whose content differs from the config, or whose file cannot be trusted. */
  readonly writes: readonly ScriptWrite[];
  /** Scripts on disk whose option is unset or empty. */
  readonly removals: readonly BackupScriptKey[];
}

/**
 * Compare the configured scripts with the files on disk.
 *
 * @param desired Script contents by option; absent means "no file".
 * @param current The files on disk by option; absent means "no file". A file
 * that cannot be trusted (a link, a foreign owner, a mode others can use) is
 * replaced; a trusted file keeps a mode stricter than 0700.
 * @returns What to write and what to remove; empty lists when nothing changed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planScripts } from "./plan.ts";
 * const plan = planScripts(
 *   { "run-before-backup": "#!/bin/sh\n" },
 *   { "run-after-backup": { content: new Uint8Array([1]), mode: 0o700 } },
 * );
 * assert.deepEqual(plan.writes.map((write) => write.name), ["run-before-backup"]);
 * assert.deepEqual(plan.removals, ["run-after-backup"]);
 * ```
 */
export function planScripts(
  desired: CharmConfig["scripts"],
  current: Readonly<Partial<Record<BackupScriptKey, ScriptFile>>>,
): ScriptPlan {
  const encoder = new TextEncoder();
  const writes: ScriptWrite[] = [];
  const removals: BackupScriptKey[] = [];
  for (const name of SCRIPT_OPTIONS) {
    const text = desired[name];
    const file = current[name];
    if (text === undefined) {
      if (file !== undefined) removals.push(name);
      continue;
    }
    const content = encoder.encode(text);
    if (file === undefined || file.untrusted !== undefined || !sameBytes(file.content, content)) {
      writes.push({
        name,
        content,
        hasShebang: text.startsWith("#!"),
        mode: scriptMode(file?.mode),
        ...(file?.untrusted === undefined ? {} : { replaces: file.untrusted }),
      });
    }
  }
  return { writes, removals };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The backup spec the leader publishes: the cleaned fileset, and the absolute
 * path of every configured script.
 *
 * @param config Valid configuration.
 * @param scriptsDir Absolute path of the application's scripts directory.
 * @returns A spec the provider accepts: valid configuration always gives
 * one (a property test in `tests/charm/config_property_test.ts` checks it
 * with the provider's own reading over thousands of configs), so the hook
 * does not pay for checking it again.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { desiredBackupSpec } from "./plan.ts";
 * const spec = desiredBackupSpec(
 *   { fileset: ["/srv"], scripts: { "run-after-backup": "#!/bin/sh\n" } },
 *   "/opt/x/app/scripts",
 * );
 * assert.deepEqual(spec.scripts, { "run-after-backup": "/opt/x/app/scripts/run-after-backup" });
 * ```
 */
export function desiredBackupSpec(config: CharmConfig, scriptsDir: string): BackupSpec {
  const scripts: Partial<Record<BackupScriptKey, string>> = {};
  for (const name of SCRIPT_OPTIONS) {
    if (config.scripts[name] !== undefined) scripts[name] = `${scriptsDir}/${name}`;
  }
  return { fileset: config.fileset, scripts };
}

/**
 * The status once configuration is valid and the files are in place.
 *
 * @param relationCount How many `backup` relations count in this hook.
 * @param app The application's name, for the advice while waiting.
 * @returns `waiting` without a relation, saying what to do in the few words
 * `juju status` shows; else `active`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decideStatus } from "./plan.ts";
 * assert.equal(
 *   decideStatus(0, "db").message,
 *   "waiting for backup relation: juju integrate db:backup bacula-fd",
 * );
 * ```
 */
export function decideStatus(relationCount: number, app: string): Status {
  if (relationCount > 0) return ACTIVE;
  return {
    name: "waiting",
    message: `waiting for backup relation: juju integrate ${app}:backup bacula-fd`,
  };
}

/** Where a blocked status is set: what {@link blockedStatus} says depends on it. */
export interface BlockedUnit {
  /** Whether this unit leads: only the leader sees what is published. */
  readonly leader: boolean;
  /** The application's name, for the pointer a non-leader gives. */
  readonly app: string;
}

/**
 * The status while the configuration is not valid. `juju status` cuts a
 * message longer than 120 bytes to its first 117 and `...` (Juju's
 * `cmd/juju/status/output_tabular.go`, `maxMessageLength`), so what matters
 * comes first, in bounded pieces: a tag saying what of the last valid
 * configuration is still in force (`[in force: fileset +2 scripts]`; on a
 * non-leader, which cannot see what is published, `[in force: 2 scripts; ask
 * leader]`), then every problem (the first names the option at fault and the
 * rule, or what to type), then the full list of options in force and, on a
 * non-leader, the command that shows what is published. `juju status
 * --format=yaml` and `juju show-status-log` show the whole message.
 *
 * @param problems The problems, as `parseCharmConfig()` joined them.
 * @param inForce The options still in force, in `charmcraft.yaml`'s order.
 * @param unit Whether this unit leads, and the application's name.
 * @returns `blocked` with that message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { blockedStatus } from "./plan.ts";
 * const problem = "set fileset: juju config db fileset=/path";
 * assert.equal(
 *   blockedStatus(problem, ["fileset", "run-before-backup"], { leader: true, app: "db" }).message,
 *   `[in force: fileset +1 script] ${problem}; in force: fileset, run-before-backup`,
 * );
 * assert.equal(
 *   blockedStatus(problem, [], { leader: false, app: "db" }).message,
 *   `[in force: ask leader] ${problem}; see: juju run db/leader show-backup-config`,
 * );
 * ```
 */
export function blockedStatus(
  problems: string,
  inForce: readonly string[],
  unit: BlockedUnit,
): Status {
  const scripts = inForce.filter((option) => option !== "fileset").length;
  const counted = scripts === 0 ? [] : [`${scripts} script${scripts === 1 ? "" : "s"}`];
  const parts = inForce.includes("fileset") ? ["fileset", ...counted.map((n) => `+${n}`)] : counted;
  const tag = unit.leader ? parts.join(" ") : [...counted, "ask leader"].join("; ");
  const tail = [
    ...(inForce.length === 0 ? [] : [`in force: ${inForce.join(", ")}`]),
    ...(unit.leader ? [] : [`see: juju run ${unit.app}/leader show-backup-config`]),
  ];
  return {
    name: "blocked",
    message: tag === "" ? problems : [`[in force: ${tag}] ${problems}`, ...tail].join("; "),
  };
}
