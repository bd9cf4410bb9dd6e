/**
 * The one reconcile every observed hook runs: read config, files and
 * relations; decide with the pure functions in `plan.ts`; apply the changes;
 * set the status last, so a reconcile that did not finish never says `active`.
 *
 * Hook-tool calls in steady state (nothing to change): `config-get`,
 * `relation-ids`, `is-leader`, one `relation-get` per relation on the leader,
 * `status-set`. Config errors cost two calls: `config-get`, `status-set`.
 *
 * @module
 */

import { BACKUP_SCRIPT_KEYS, encodeBackupSpec } from "../backup_interface/requirer_data.ts";
import type { JujuContext } from "../juju/context.ts";
import { databagPatch } from "../juju/databag.ts";
import type { HookToolRunner } from "../juju/hook_tool_runner.ts";
import {
  configGet,
  isLeader,
  jujuLog,
  type LogLevel,
  relationGetApp,
  relationIds,
  relationSetApp,
  statusSet,
} from "../juju/hook_tools.ts";
import { parseCharmConfig } from "./config.ts";
import { BACKUP_ENDPOINT, BACKUP_RELATION_BROKEN, REMOVE_HOOK } from "./hooks.ts";
import { decideStatus, desiredBackupSpec, planScripts, type Status } from "./plan.ts";
import type { ScriptFile, ScriptStore } from "./script_store.ts";

/** What the reconcile works with: the hook, the hook tools, the files. */
export interface ReconcileOptions {
  /** The hook's context; its target must be an observed hook. */
  readonly context: JujuContext;
  /** Runs the hook tools. */
  readonly runner: HookToolRunner;
  /** This application's scripts directory. */
  readonly store: ScriptStore;
}

/**
 * Bring the unit, its files and the `backup` relation data in line with the
 * config.
 *
 * @param options The context, the hook-tool runner and the script store.
 * @returns The status set, or `undefined` in `remove`, which sets none.
 * @throws {HookToolError} When a hook tool fails.
 * @throws {ScriptStoreError} When a file operation fails.
 */
export async function reconcile(options: ReconcileOptions): Promise<Status | undefined> {
  const { context, runner, store } = options;
  const log = (level: LogLevel, message: string) => jujuLog(runner, { level, message });

  if (context.target.name === REMOVE_HOOK) {
    await log("INFO", `removed ${await store.removeAll()}`);
    return undefined;
  }

  const config = parseCharmConfig(await configGet(runner));
  if (!config.ok) {
    // Blocked needs a human; nothing is changed so nothing is lost.
    const blocked: Status = { name: "blocked", message: config.message };
    await statusSet(runner, blocked);
    return blocked;
  }

  await syncScripts(store, { scripts: config.config.scripts, log });

  const broken = context.target.name === BACKUP_RELATION_BROKEN ? context.relationId : undefined;
  const relations = (await relationIds(runner, BACKUP_ENDPOINT)).filter((id) => id !== broken);
  if (relations.length > 0 && await isLeader(runner)) {
    const desired = encodeBackupSpec(desiredBackupSpec(config.config, store.dir));
    for (const relationId of relations) {
      const current = await relationGetApp(runner, { relationId, app: context.appName });
      const patch = databagPatch(current, desired);
      if (patch === undefined) continue;
      await relationSetApp(runner, { relationId, data: patch });
      await log(
        "INFO",
        `updated application data of ${relationId}: ${Object.keys(patch).join(", ")}`,
      );
    }
  }

  const status = decideStatus(relations.length);
  await statusSet(runner, status);
  return status;
}

async function syncScripts(
  store: ScriptStore,
  options: {
    scripts: Parameters<typeof planScripts>[0];
    log: (level: LogLevel, message: string) => Promise<void>;
  },
): Promise<void> {
  for (const name of await store.removeLeftovers()) {
    await options.log("INFO", `removed leftover temporary file ${store.dir}/${name}`);
  }
  const current: Partial<Record<string, ScriptFile>> = {};
  for (const name of BACKUP_SCRIPT_KEYS) {
    const file = await store.read(name);
    if (file !== undefined) current[name] = file;
  }
  const plan = planScripts(options.scripts, current);
  for (const script of plan.writes) {
    await store.write(script.name, script.content);
    const path = `${store.dir}/${script.name}`;
    if (script.hasShebang) {
      await options.log("INFO", `wrote ${path}`);
    } else {
      await options.log(
        "WARNING",
        `wrote ${path} without a "#!" line: the backup agent may not be able to run it`,
      );
    }
  }
  for (const name of plan.removals) {
    await store.remove(name);
    await options.log("INFO", `removed ${store.dir}/${name}`);
  }
}
