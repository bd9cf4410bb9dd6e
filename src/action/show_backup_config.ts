/**
 * The `show-backup-config` action: {@link gatherReport} what is (read-only),
 * decide the results with {@link backupReport} (pure), report them with
 * `action-set`. It changes nothing: no file, no relation data, no status.
 *
 * Hook-tool calls: `config-get`, `relation-ids` and `is-leader` together
 * (the script files are read meanwhile); on the leader one `relation-get`
 * per relation, together; then one `action-set` (more only for very large
 * results).
 *
 * @module
 */

import { BACKUP_SCRIPT_KEYS, type BackupScriptKey } from "../backup_interface/requirer_data.ts";
import { parseCharmConfig } from "../charm/config.ts";
import { settleAll } from "../charm/gather.ts";
import { BACKUP_ENDPOINT } from "../charm/hooks.ts";
import type { JujuContext } from "../juju/context.ts";
import type { HookToolRunner } from "../juju/hook_tool_runner.ts";
import {
  actionSet,
  configGet,
  type Databag,
  isLeader,
  relationGetApp,
  relationIds,
} from "../juju/hook_tools.ts";
import { actionSetBatches } from "./action_results.ts";
import { backupReport, type ReportInputs } from "./backup_report.ts";
import { inspectScripts, sha256Hex } from "./script_inspection.ts";

/** What the action works with. */
export interface ShowOptions {
  /** The action's context. */
  readonly context: JujuContext;
  /** Runs the hook tools. */
  readonly runner: HookToolRunner;
  /** This application's scripts directory. */
  readonly scriptsDir: string;
  /** The user the charm's files belong to (the process's own in production). */
  readonly uid: number;
}

/**
 * Read everything the report needs, changing nothing.
 *
 * @param options The context, the runner, the scripts directory and the charm's user.
 * @returns The inputs of {@link backupReport}.
 * @throws {HookToolError} When a hook tool fails.
 * @throws {Error} When a script file cannot be examined (a `Deno.errors` type).
 */
export async function gatherReport(options: ShowOptions): Promise<ReportInputs> {
  const { context, runner, scriptsDir } = options;
  const [config, ids, leader, inspection] = await settleAll(
    [
      configGet(runner).then((raw) => parseCharmConfig(raw, context.appName)),
      relationIds(runner, BACKUP_ENDPOINT),
      isLeader(runner),
      Promise.resolve().then(() =>
        inspectScripts(scriptsDir, { names: BACKUP_SCRIPT_KEYS, uid: options.uid })
      ),
    ] as const,
  );
  const toRead = leader ? ids : [];
  const bags = await settleAll(
    toRead.map((relationId) => relationGetApp(runner, { relationId, app: context.appName })),
  );
  const configDigests: Partial<Record<BackupScriptKey, string>> = {};
  if (config.ok) {
    for (const [name, content] of Object.entries(config.config.scripts)) {
      configDigests[name as BackupScriptKey] = await sha256Hex(new TextEncoder().encode(content));
    }
  }
  return {
    unit: context.unitName,
    app: context.appName,
    leader,
    config,
    configDigests,
    relationIds: ids,
    databags: new Map<string, Databag>(toRead.map((id, index) => [id, bags[index] ?? {}])),
    scriptsDir,
    inspection,
  };
}

/**
 * Run the action: gather, decide, report.
 *
 * @param options The context, the runner, the scripts directory and the charm's user.
 * @returns The results reported.
 * @throws {HookToolError} When a hook tool fails.
 * @throws {Error} When a script file cannot be examined.
 */
export async function showBackupConfig(options: ShowOptions): Promise<Record<string, string>> {
  const results = backupReport(await gatherReport(options));
  for (const batch of actionSetBatches(results)) await actionSet(options.runner, batch);
  return results;
}
