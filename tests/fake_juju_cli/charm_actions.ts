/**
 * This charm's `show-backup-config` action as the fake runs it: the
 * charm's own pure report (`backupReport`) over the fake machine's files and
 * the model's data, its flat `action-set` keys nested as `juju run` shows
 * them (Juju splits each key on `.`).
 *
 * @module
 */

import { createHash } from "node:crypto";
import { backupReport, SHOW_BACKUP_CONFIG } from "../../src/action/backup_report.ts";
import type { InspectedFile } from "../../src/action/script_inspection.ts";
import { parseCharmConfig, SCRIPT_OPTIONS } from "../../src/charm/config.ts";
import { DEFAULT_OPT_DIR, scriptsDir } from "../../src/charm/paths.ts";
import type { FakeModel, FakeUnit } from "./state.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * Nest flat `a.b.c` keys into objects, as `juju run --format=json` shows action results.
 *
 * @param flat The keys `action-set` was given.
 * @returns The nested results.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nestResults } from "./charm_actions.ts";
 * assert.deepEqual(nestResults({ "a.b": "1", c: "2" }), { a: { b: "1" }, c: "2" });
 * ```
 */
export function nestResults(flat: Readonly<Record<string, string>>): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split(".");
    let node = nested;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts.at(-1) as string] = value;
  }
  return nested;
}

/**
 * Run one of this charm's actions on a unit.
 *
 * @param model The model.
 * @param unit A unit of this charm (deployed from a local file).
 * @param action The action's name.
 * @returns Its results, or `undefined` when the charm has no such action.
 */
export function runCharmAction(
  model: FakeModel,
  unit: FakeUnit,
  action: string,
): Record<string, unknown> | undefined {
  if (action !== SHOW_BACKUP_CONFIG) return undefined;
  const app = model.apps[unit.app];
  if (app === undefined) return undefined;
  const config = parseCharmConfig(app.config, app.name);
  const dir = scriptsDir(DEFAULT_OPT_DIR, app.name);
  const machine = model.machines[unit.machine] ?? {};
  const files: Record<string, InspectedFile> = {};
  const configDigests: Record<string, string> = {};
  for (const name of SCRIPT_OPTIONS) {
    const entry = machine[`${dir}/${name}`];
    files[name] = entry === undefined ? { state: "absent" } : {
      state: "present",
      mode: entry.mode,
      size: new TextEncoder().encode(entry.content).length,
      sha256: sha256(entry.content),
    };
    const text = config.ok ? config.config.scripts[name] : undefined;
    if (text !== undefined) configDigests[name] = sha256(text);
  }
  const relationIds = model.relations.flatMap((r, i) =>
    [r.a, r.b].includes(`${app.name}:backup`) ? [`backup:${i}`] : []
  );
  const databags = new Map(
    unit.leader ? relationIds.map((id) => [id, model.published[app.name] ?? {}]) : [],
  );
  return nestResults(backupReport({
    unit: unit.name,
    app: app.name,
    leader: unit.leader,
    config,
    configDigests,
    relationIds,
    databags,
    scriptsDir: dir,
    inspection: { files },
  }));
}
