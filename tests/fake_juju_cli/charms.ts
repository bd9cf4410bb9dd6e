/**
 * What each charm the scenarios deploy does, as far as they can observe it:
 * the status a unit settles in, and the effects of its hooks (files on its
 * machine, data published in the `backup` relation). This charm's own
 * behaviour comes from its pure functions (`parseCharmConfig`,
 * `desiredBackupSpec`, `decideStatus`), so the fake does not restate its
 * rules; the Python charm of the same name is modelled as JUJU.md describes
 * it (per-unit directory on the leader's machine, mode 0755). The other
 * charms only need a plausible status.
 *
 * @module
 */

import { encodeBackupSpec } from "../../src/backup_interface/requirer_data.ts";
import { CONFIG_OPTIONS, parseCharmConfig, SCRIPT_OPTIONS } from "../../src/charm/config.ts";
import { appDir, DEFAULT_OPT_DIR, scriptsDir } from "../../src/charm/paths.ts";
import { blockedStatus, decideStatus, desiredBackupSpec } from "../../src/charm/plan.ts";
import { removeTree } from "./shell.ts";
import type { FakeApp, FakeModel, FakeUnit, MachineFiles } from "./state.ts";

/** Charms whose units are subordinates. */
export const SUBORDINATE_CHARMS: readonly string[] = ["backup-integrator", "bacula-fd"];

/** A status a unit settles in. */
export interface SettledStatus {
  /** Workload status. */
  readonly workload: string;
  /** Its message. */
  readonly message: string;
}

/**
 * The relations of an application, each as `[own endpoint, other app]`.
 *
 * @param model The model.
 * @param app The application.
 * @returns Its relations.
 */
export function relationsOf(model: FakeModel, app: string): [string, string][] {
  const side = (s: string) => s.split(":") as [string, string | undefined];
  return model.relations.flatMap(({ a, b }) => {
    const [appA, epA] = side(a);
    const [appB, epB] = side(b);
    if (appA === app) return [[epA ?? appB, appB] as [string, string]];
    if (appB === app) return [[epB ?? appA, appA] as [string, string]];
    return [];
  });
}

function dir(files: MachineFiles, path: string, mode: number): void {
  files[path] = { kind: "dir", mode, owner: "root", content: "" };
}

function backupRelations(model: FakeModel, app: string): number {
  return relationsOf(model, app).filter(([endpoint]) => endpoint === "backup").length;
}

function settleThisCharm(model: FakeModel, app: FakeApp, unit: FakeUnit): SettledStatus {
  const result = parseCharmConfig(app.config, app.name);
  const files = model.machines[unit.machine] ??= {};
  const scripts = scriptsDir(DEFAULT_OPT_DIR, app.name);
  if (!result.ok) {
    // Fail closed: an unset script goes, from disk and from the published data.
    for (const name of result.unsetScripts) {
      delete files[`${scripts}/${name}`];
      if (unit.leader) delete model.published[app.name]?.[name];
    }
    // What is still in force: on the leader what it publishes, and the scripts on this machine.
    const published = unit.leader ? Object.keys(model.published[app.name] ?? {}) : [];
    const inForce = CONFIG_OPTIONS.filter((option) =>
      published.includes(option) || files[`${scripts}/${option}`] !== undefined
    );
    const status = blockedStatus(result.message, inForce, { leader: unit.leader, app: app.name });
    return { workload: "blocked", message: status.message };
  }
  dir(files, DEFAULT_OPT_DIR, 0o755);
  dir(files, appDir(DEFAULT_OPT_DIR, app.name), 0o700);
  dir(files, scripts, 0o700);
  for (const name of SCRIPT_OPTIONS) {
    const text = result.config.scripts[name];
    if (text === undefined) delete files[`${scripts}/${name}`];
    else files[`${scripts}/${name}`] = { kind: "file", mode: 0o700, owner: "root", content: text };
  }
  const relations = backupRelations(model, app.name);
  if (unit.leader && relations > 0) {
    model.published[app.name] = encodeBackupSpec(desiredBackupSpec(result.config, scripts));
  }
  const status = decideStatus(relations, app.name);
  return { workload: status.name, message: status.message };
}

function settlePythonCharm(model: FakeModel, app: FakeApp, unit: FakeUnit): SettledStatus {
  if (!unit.leader) return { workload: "unknown", message: "" };
  const files = model.machines[unit.machine] ??= {};
  const base = `${DEFAULT_OPT_DIR}/${unit.name.replace("/", "-")}`;
  dir(files, DEFAULT_OPT_DIR, 0o755);
  dir(files, base, 0o755);
  dir(files, `${base}/scripts`, 0o755);
  const data: Record<string, string> = { fileset: app.config["fileset"] ?? "" };
  for (const name of SCRIPT_OPTIONS) {
    const text = app.config[name];
    if (text === undefined) continue;
    files[`${base}/scripts/${name}`] = { kind: "file", mode: 0o755, owner: "root", content: text };
    data[name] = `${base}/scripts/${name}`;
  }
  if (backupRelations(model, app.name) > 0) model.published[app.name] = data;
  return { workload: "active", message: "" };
}

function settleBaculaFd(model: FakeModel, app: FakeApp): SettledStatus {
  const related = relationsOf(model, app.name).map(([, other]) => model.apps[other]?.charm);
  if (!related.includes("bacula-server")) {
    return { workload: "blocked", message: "waiting for bacula-dir relation" };
  }
  return { workload: "active", message: "" };
}

/**
 * Apply a unit's hook: its effects on its machine and the published data,
 * and the status it settles in.
 *
 * @param model The model, changed in place.
 * @param unit The unit.
 * @returns The status.
 */
export function settleUnit(model: FakeModel, unit: FakeUnit): SettledStatus {
  const app = model.apps[unit.app];
  if (app === undefined) return { workload: "unknown", message: "" };
  if (app.charm === "backup-integrator") {
    return app.origin === "local"
      ? settleThisCharm(model, app, unit)
      : settlePythonCharm(model, app, unit);
  }
  if (app.charm === "bacula-fd") return settleBaculaFd(model, app);
  return { workload: "active", message: "" };
}

/**
 * Remove a unit's traces: this charm removes its directory once no unit of
 * its application is left on the machine, and its data once it is gone.
 *
 * @param model The model, changed in place.
 * @param unit The unit, already deleted from `model.units`.
 */
export function unitRemoved(model: FakeModel, unit: FakeUnit): void {
  const app = model.apps[unit.app];
  if (app?.charm !== "backup-integrator" || app.origin !== "local") return;
  const others = Object.values(model.units).filter((u) => u.app === unit.app);
  if (!others.some((u) => u.machine === unit.machine)) {
    removeTree(model.machines[unit.machine] ?? {}, appDir(DEFAULT_OPT_DIR, app.name));
  }
  if (others.length === 0) delete model.published[app.name];
}
