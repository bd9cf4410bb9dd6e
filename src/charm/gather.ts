/**
 * The reconcile's reads: everything {@link decide} needs, with as few hook-tool
 * round trips as the dependencies allow.
 *
 * A hook's cost is a process start plus hook-tool round trips, so reads that
 * do not depend on each other start together: `config-get`, `relation-ids`
 * and `is-leader` (with the scripts directory read from disk meanwhile);
 * then, on a leader, one `relation-get` per counted
 * relation, all at once. Juju's agent runs one hook-tool command at a time, so
 * this only overlaps the tools' process starts. Every started call is awaited
 * before this returns or throws, so no tool runs after the hook has exited.
 *
 * @module
 */

import type { JujuContext } from "../juju/context.ts";
import type { HookToolRunner } from "../juju/hook_tool_runner.ts";
import {
  configGet,
  type Databag,
  isLeader,
  relationGetApp,
  relationIds,
} from "../juju/hook_tools.ts";
import { parseCharmConfig, SCRIPT_OPTIONS } from "./config.ts";
import { type Inputs, relationsToRead } from "./decide.ts";
import { BACKUP_ENDPOINT, REMOVE_HOOK } from "./hooks.ts";
import type { LegacyStore } from "./legacy_dirs.ts";
import type { ScriptStore } from "./script_store.ts";

/** What {@link gather} reads from. */
export interface GatherOptions {
  /** The hook's context; its target must be an observed hook. */
  readonly context: JujuContext;
  /** Runs the hook tools. */
  readonly runner: HookToolRunner;
  /** This application's scripts directory. */
  readonly store: ScriptStore;
  /**
   * The Python charm's per-unit directories of this application, made
   * private in every reconcile; production always passes it, a test that
   * does not look at them may leave it out.
   */
  readonly legacy?: LegacyStore;
}

/**
 * Read what the hook's decision depends on. `remove` reads nothing.
 *
 * @param options The context, the hook-tool runner and the stores.
 * @returns The inputs of {@link decide}. A failure to read the scripts
 * directory or the leftovers is returned, not thrown, so the hook tools
 * started with the read are awaited before the hook fails.
 * @throws {HookToolError} When a hook tool fails.
 */
export async function gather(options: GatherOptions): Promise<Inputs> {
  const { context, runner, store, legacy } = options;
  if (context.target.name === REMOVE_HOOK) return { kind: "remove", unit: context.unitName };

  const [config, ids, leader, scripts, legacyScan] = await settleAll(
    [
      // Parsed as soon as it comes, while the other tools may still run.
      configGet(runner).then((raw) => parseCharmConfig(raw, context.appName)),
      relationIds(runner, BACKUP_ENDPOINT),
      isLeader(runner),
      // Last, so the tools' processes are started before the files are read.
      store.load(SCRIPT_OPTIONS).catch((error: unknown) => ({ error })),
      (legacy?.scan() ?? Promise.resolve(undefined)).catch((error: unknown) => ({
        error,
        base: legacy?.base ?? "",
      })),
    ] as const,
  );
  const first = {
    kind: "reconcile",
    hook: context.target.name,
    unit: context.unitName,
    ...(context.relationId === undefined ? {} : { relationId: context.relationId }),
    config,
    relationIds: ids,
    leader,
    scripts,
    scriptsDir: store.dir,
    ...(legacyScan === undefined ? {} : { legacy: legacyScan }),
  } as const;
  const toRead = relationsToRead(first);
  const bags = await settleAll(
    toRead.map((relationId) => relationGetApp(runner, { relationId, app: context.appName })),
  );
  const databags = new Map<string, Databag>(toRead.map((id, index) => [id, bags[index] ?? {}]));
  return { ...first, databags };
}

/**
 * Await every promise, then throw the first rejection in order, if any: unlike
 * `Promise.all`, no started call is still running when this settles.
 *
 * @param promises The calls started together.
 * @returns Their values, in order.
 * @throws {unknown} The first rejection, once every call has settled.
 */
export async function settleAll<T extends readonly unknown[]>(
  promises: { readonly [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const results = await Promise.allSettled(promises);
  for (const result of results) {
    if (result.status === "rejected") throw result.reason;
  }
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
