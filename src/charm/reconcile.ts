/**
 * The one reconcile every observed hook runs: read config, files and
 * relations; decide with the pure functions in `plan.ts`; apply the changes;
 * set the status last, so a reconcile that did not finish never says `active`.
 *
 * A hook's cost is a process start plus hook-tool round trips, so reads that
 * do not depend on each other start together: `config-get`, `relation-ids`
 * and `is-leader` first (with the script files read from disk meanwhile);
 * then the scripts are synced; then the leader reads and patches every
 * relation's databag at once. Log lines go out in order while other work
 * goes on. Juju's agent runs one hook-tool command at a time, so
 * this only overlaps the tools' process starts; it never reorders a write
 * before the read it depends on. Every started call is awaited before the
 * reconcile returns or throws, so no tool runs after the hook has exited.
 *
 * Hook-tool calls: `config-get`, `relation-ids`, `is-leader`, then on the
 * leader one `relation-get` per relation (and `relation-set` where the data
 * differs), and `status-set` last: 5 in steady state on a leader with one
 * relation, 4 on a non-leader. `juju-log` only when something changed.
 *
 * @module
 */

import { encodeBackupSpec } from "../backup_interface/requirer_data.ts";
import type { JujuContext } from "../juju/context.ts";
import { databagPatch } from "../juju/databag.ts";
import type { HookToolRunner } from "../juju/hook_tool_runner.ts";
import {
  configGet,
  type Databag,
  isLeader,
  jujuLog,
  type LogLevel,
  relationGetApp,
  relationIds,
  relationSetApp,
  statusSet,
} from "../juju/hook_tools.ts";
import { parseCharmConfig, SCRIPT_OPTIONS } from "./config.ts";
import { BACKUP_ENDPOINT, BACKUP_RELATION_BROKEN, REMOVE_HOOK } from "./hooks.ts";
import { decideStatus, desiredBackupSpec, planScripts, type Status } from "./plan.ts";
import type { ScriptDirectory, ScriptStore } from "./script_store.ts";

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
  const log = createLog(options.runner);
  try {
    return await reconcileWith(options, log);
  } finally {
    // On success this is already done; on failure no juju-log may outlive the hook.
    await log.settled();
  }
}

async function reconcileWith(options: ReconcileOptions, log: Log): Promise<Status | undefined> {
  const { context, runner, store } = options;
  if (context.target.name === REMOVE_HOOK) {
    const release = await store.release(context.unitName);
    log.write(
      "INFO",
      release.others.length === 0
        ? `removed ${release.appDir}`
        : `kept ${release.appDir}: still used by ${release.others.join(", ")} on this machine`,
    );
    await log.flush();
    return undefined;
  }

  const [raw, ids, leader, current] = await settleAll(
    [
      configGet(runner),
      relationIds(runner, BACKUP_ENDPOINT),
      isLeader(runner),
      // Last, so the tools' processes are started before the files are read.
      store.load(SCRIPT_OPTIONS).then(
        (directory) => ({ directory }),
        (error: unknown) => ({ error }),
      ),
    ] as const,
  );
  const config = parseCharmConfig(raw);
  if (!config.ok) {
    // Blocked needs a human; nothing is changed so nothing is lost.
    const blocked: Status = { name: "blocked", message: config.message };
    await statusSet(runner, blocked);
    return blocked;
  }
  if ("error" in current) throw current.error;

  // Scripts first: the paths published next must exist by the time they are.
  await syncScripts(store, {
    unit: context.unitName,
    scripts: config.config.scripts,
    current: current.directory,
    log,
  });
  const broken = context.target.name === BACKUP_RELATION_BROKEN ? context.relationId : undefined;
  const relations = ids.filter((id) => id !== broken);
  if (leader && relations.length > 0) {
    const desired = encodeBackupSpec(desiredBackupSpec(config.config, store.dir));
    await settleAll(
      relations.map((relationId) =>
        publish(runner, { relationId, app: context.appName, desired, log })
      ),
    );
  }
  await log.flush();

  const status = decideStatus(relations.length);
  await statusSet(runner, status);
  return status;
}

/**
 * Await every promise, then throw the first rejection in order, if any: unlike
 * `Promise.all`, no started call is still running when this settles.
 */
async function settleAll<T extends readonly unknown[]>(
  promises: { readonly [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const results = await Promise.allSettled(promises);
  for (const result of results) {
    if (result.status === "rejected") throw result.reason;
  }
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Log lines written in order, one `juju-log` at a time, while other work goes on. */
interface Log {
  write(level: LogLevel, message: string): void;
  /** Wait for every line; throws the first failure. */
  flush(): Promise<void>;
  /** Wait for every line; never throws. */
  settled(): Promise<void>;
}

function createLog(runner: HookToolRunner): Log {
  let chain: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  return {
    write(level, message) {
      chain = chain.then(() => jujuLog(runner, { level, message })).catch((error: unknown) => {
        failure ??= { error };
      });
    },
    async flush() {
      await chain;
      if (failure !== undefined) throw failure.error;
    },
    async settled() {
      await chain;
    },
  };
}

async function publish(
  runner: HookToolRunner,
  options: { relationId: string; app: string; desired: Databag; log: Log },
): Promise<void> {
  const { relationId, app, desired, log } = options;
  const patch = databagPatch(await relationGetApp(runner, { relationId, app }), desired);
  if (patch === undefined) return;
  await relationSetApp(runner, { relationId, data: patch });
  log.write("INFO", `updated application data of ${relationId}: ${Object.keys(patch).join(", ")}`);
}

async function syncScripts(
  store: ScriptStore,
  options: {
    unit: string;
    scripts: Parameters<typeof planScripts>[0];
    current: ScriptDirectory;
    log: Log;
  },
): Promise<void> {
  for (const line of options.current.tightened) options.log.write("WARNING", line);
  // The marker keeps another local unit's remove from deleting these files.
  await store.claim(options.unit);
  for (const name of options.current.leftovers) {
    await store.remove(name);
    options.log.write("INFO", `removed leftover temporary file ${store.dir}/${name}`);
  }
  const plan = planScripts(options.scripts, options.current.files);
  for (const script of plan.writes) {
    await store.write(script.name, script.content, script.mode);
    const path = `${store.dir}/${script.name}`;
    if (script.replaces !== undefined) {
      options.log.write("WARNING", `replaced ${path}: it ${script.replaces}`);
    }
    if (script.hasShebang) {
      options.log.write("INFO", `wrote ${path}`);
    } else {
      options.log.write(
        "WARNING",
        `wrote ${path} without a "#!" line: the backup agent may not be able to run it`,
      );
    }
  }
  for (const name of plan.removals) {
    await store.remove(name);
    options.log.write("INFO", `removed ${store.dir}/${name}`);
  }
}
