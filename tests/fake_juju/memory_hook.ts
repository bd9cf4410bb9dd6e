/**
 * One hook of the real `main()` against the in-memory fake model, with the
 * semantics of `hook_lifecycle.ts`, as the end-to-end harness gives them
 * (`FakeJuju.runHook`). No process starts; the scripts go to a real
 * directory, so file faults are real.
 *
 * @module
 */

import { main } from "../../src/main.ts";
import { OPT_DIR_ENV } from "../../src/charm/paths.ts";
import { createLegacyStore } from "../../src/charm/legacy_store.ts";
import { createScriptStore, type ScriptStore } from "../../src/charm/script_store.ts";
import type { HookToolRunner } from "../../src/juju/hook_tool_runner.ts";
import { type HookContext, hookContext } from "./hook_context.ts";
import { finishHook, startAction, startHook } from "./hook_lifecycle.ts";
import { createMemoryRunner } from "./memory_runner.ts";
import type { FakeAction, FakeCall, FakeModel } from "./model.ts";

/** Options for {@link runHookInMemory}. */
export interface MemoryHookOptions {
  /** The unit, e.g. `backup-integrator/0`. */
  readonly unit: string;
  /** The hook, e.g. `config-changed`. */
  readonly hook: string;
  /** The charm's base directory (`BACKUP_INTEGRATOR_OPT_DIR`), an absolute path. */
  readonly optDir: string;
  /** The relation of a relation hook; the endpoint's only relation when absent. */
  readonly relationId?: string;
  /** Opens the scripts directory; the production store when absent. */
  readonly openStore?: (dir: string) => ScriptStore;
  /** Wraps the in-memory runner, e.g. to record what each call printed. */
  readonly wrapRunner?: (runner: HookToolRunner) => HookToolRunner;
}

/** What one in-memory hook did. */
export interface MemoryHookResult {
  /** What `main()` returned: the process's exit code. */
  readonly exitCode: number;
  /** The lines `main()` wrote to stderr. */
  readonly errors: readonly string[];
  /** The hook-tool calls it made, in order. */
  readonly calls: readonly FakeCall[];
  /** The environment `main()` was given. */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The hook context and environment Juju would give a unit for a hook.
 *
 * @param model The model (read only).
 * @param options The unit, hook, base directory and relation.
 * @returns The context the fake tools see and the environment `main()` reads.
 * @throws {TypeError} When the unit does not exist or a relation hook's
 * relation cannot be determined.
 */
export function memoryHookContext(
  model: FakeModel,
  options: Pick<MemoryHookOptions, "unit" | "hook" | "optDir" | "relationId">,
): { context: HookContext; env: Record<string, string> } {
  const context = hookContext(model, {
    unit: options.unit,
    hook: options.hook,
    ...(options.relationId === undefined ? {} : { relationId: options.relationId }),
  });
  const env: Record<string, string> = {
    JUJU_UNIT_NAME: options.unit,
    JUJU_HOOK_NAME: options.hook,
    JUJU_DISPATCH_PATH: `hooks/${options.hook}`,
    JUJU_VERSION: model.jujuVersion,
    [OPT_DIR_ENV]: options.optDir,
  };
  if (context.relationId !== undefined) env["JUJU_RELATION_ID"] = context.relationId;
  return { context, env };
}

/**
 * Run one hook through `main()` against the model, as the harness does.
 *
 * @param model The model to read and change.
 * @param options The unit, hook, base directory, relation and store.
 * @returns The exit code, error lines and the calls made.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createModel } from "./model.ts";
 * import { runHookInMemory } from "./memory_hook.ts";
 * const model = createModel({ config: { fileset: "/srv" } });
 * const optDir = await Deno.makeTempDir();
 * const result = await runHookInMemory(model, {
 *   unit: "backup-integrator/0",
 *   hook: "config-changed",
 *   optDir,
 * });
 * assert.equal(result.exitCode, 0);
 * assert.equal(model.units["backup-integrator/0"]?.status.status, "waiting");
 * await Deno.remove(optDir, { recursive: true });
 * ```
 */
export async function runHookInMemory(
  model: FakeModel,
  options: MemoryHookOptions,
): Promise<MemoryHookResult> {
  const { context, env } = memoryHookContext(model, options);
  startHook(model, context);
  const before = model.calls.length;
  const errors: string[] = [];
  const runner = createMemoryRunner(model, context);
  const exitCode = await main({
    env,
    runner: options.wrapRunner === undefined ? runner : options.wrapRunner(runner),
    openStore: options.openStore ?? createScriptStore,
    openLegacy: createLegacyStore,
    writeError: (line) => errors.push(line),
  });
  finishHook(model, context, exitCode);
  return { exitCode, errors, calls: model.calls.slice(before), env };
}

/**
 * Run one action through `main()` against the model, as `FakeJuju.runAction`
 * does: `JUJU_DISPATCH_PATH=actions/<name>`, an empty `JUJU_HOOK_NAME`.
 *
 * @param model The model to read and change.
 * @param options The unit, the action's name and the base directory.
 * @returns The exit code, error lines, the calls made, and the task.
 */
export async function runActionInMemory(
  model: FakeModel,
  options: { unit: string; name: string; optDir: string },
): Promise<MemoryHookResult & { action: FakeAction }> {
  const id = String(Object.keys(model.actions).length + 1);
  const context = startAction(model, { unit: options.unit, name: options.name, id });
  const env: Record<string, string> = {
    JUJU_UNIT_NAME: options.unit,
    JUJU_HOOK_NAME: "",
    JUJU_DISPATCH_PATH: `actions/${options.name}`,
    JUJU_VERSION: model.jujuVersion,
    [OPT_DIR_ENV]: options.optDir,
  };
  const before = model.calls.length;
  const errors: string[] = [];
  const exitCode = await main({
    env,
    runner: createMemoryRunner(model, context),
    openStore: createScriptStore,
    openLegacy: createLegacyStore,
    writeError: (line) => errors.push(line),
  });
  finishHook(model, context, exitCode);
  const action = model.actions[id] as FakeAction;
  return { exitCode, errors, calls: model.calls.slice(before), env, action };
}
