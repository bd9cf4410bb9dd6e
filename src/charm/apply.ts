/**
 * The reconcile's one place that acts: carry a {@link Decision} out, in
 * order. Files first (the paths published next must exist by then), then
 * relation data, then log lines, then the status last, so a hook that fails
 * part way never says `active`; Juju commits the relation data only when the
 * hook exits 0, and retries a failed hook.
 *
 * @module
 */

import type { HookToolRunner } from "../juju/hook_tool_runner.ts";
import { jujuLog, relationSetApp, statusSet } from "../juju/hook_tools.ts";
import { type Decision, type FileChange, type LogLine, releaseLogLine } from "./decide.ts";
import type { LegacyStore } from "./legacy_dirs.ts";
import type { ScriptStore } from "./script_store.ts";

/** What {@link apply} acts through. */
export interface ApplyOptions {
  /** Runs the hook tools. */
  readonly runner: HookToolRunner;
  /** This application's scripts directory. */
  readonly store: ScriptStore;
  /** The Python charm's leftovers; needed when the decision tightens one. */
  readonly legacy?: LegacyStore;
}

/**
 * Make the changes a decision lists, one after the other.
 *
 * @param decision What {@link decide} returned.
 * @param options The hook-tool runner and the stores.
 * @throws {unknown} The decision's `failure`, before anything is changed.
 * @throws {HookToolError} When a hook tool fails; what came before stays done.
 * @throws {ScriptStoreError} When a file operation on the charm's own files
 * fails; a Python leftover that cannot be made private only logs a warning.
 */
export async function apply(decision: Decision, options: ApplyOptions): Promise<void> {
  const { runner, store, legacy } = options;
  if (decision.failure !== undefined) throw decision.failure;
  const logs: LogLine[] = [];
  for (const change of decision.files) {
    switch (change.kind) {
      case "claim":
        await store.claim(change.unit);
        break;
      case "release":
        logs.push(releaseLogLine(await store.release(change.unit)));
        break;
      case "remove":
        await store.remove(change.name);
        break;
      case "write":
        await store.write(change.name, change.content, change.mode);
        break;
      case "tighten-legacy":
        if (legacy === undefined) {
          throw new TypeError("A legacy directory to tighten, and no store");
        }
        logs.push(await tightenLegacy(legacy, change));
        break;
    }
  }
  for (const patch of decision.patches) await relationSetApp(runner, patch);
  for (const line of [...logs, ...decision.logs]) await jujuLog(runner, line);
  if (decision.status !== undefined) await statusSet(runner, decision.status);
}

/**
 * Make one Python leftover private, as housekeeping: a failure is logged, as
 * a warning naming the path and the error, never thrown, so it cannot undo
 * the hook's other changes.
 */
async function tightenLegacy(
  legacy: LegacyStore,
  change: Extract<FileChange, { kind: "tighten-legacy" }>,
): Promise<LogLine> {
  try {
    await legacy.tighten(change.name, change.mode);
    return { level: "INFO", message: change.done };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { level: "WARNING", message: `could not make ${change.path} private: ${reason}` };
  }
}
