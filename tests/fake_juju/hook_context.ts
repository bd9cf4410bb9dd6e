/**
 * The hook context of a unit: which unit, which hook, and in a relation hook
 * which relation and remote unit. The harnesses build it from the model
 * ({@link hookContext}) and keeps it under the hook's `JUJU_CONTEXT_ID`;
 * the executable tools read it back by that id ({@link loadHookContext}).
 *
 * @module
 */

import { parseRelationHook } from "./juju_names.ts";
import { type FakeModel, relationsOf, requireUnit } from "./model.ts";

/** The hook context of the unit that calls a tool. */
export interface HookContext {
  /** `JUJU_UNIT_NAME`, e.g. `backup-integrator/0`. */
  readonly unit: string;
  /** `JUJU_HOOK_NAME`, e.g. `config-changed`; empty for an action. */
  readonly hook: string;
  /** `JUJU_RELATION_ID` in a relation hook, e.g. `backup:3`. */
  readonly relationId?: string;
  /** `JUJU_REMOTE_UNIT` in a relation hook, when not empty. */
  readonly remoteUnit?: string;
  /** `JUJU_DEPARTING_UNIT` in `-relation-departed`. */
  readonly departingUnit?: string;
  /** In `<endpoint>-relation-broken`: the relation being broken. */
  readonly brokenRelationId?: string;
  /** `JUJU_ACTION_UUID` in an action: the key of its entry in the model's `actions`. */
  readonly actionId?: string;
}

/** Options for {@link hookContext}. */
export interface HookContextOptions {
  /** The unit, e.g. `backup-integrator/0`. */
  readonly unit: string;
  /** The hook, e.g. `backup-relation-changed`; empty for an action. */
  readonly hook: string;
  /** The relation of a relation hook; the endpoint's only relation when absent. */
  readonly relationId?: string;
  /**
   * The remote unit in `-joined`, `-changed` and `-departed`; the relation's
   * first remote unit when absent. There is none in `-created` and `-broken`.
   */
  readonly remoteUnit?: string;
  /** The departing unit in `-departed`; the remote unit when absent. */
  readonly departingUnit?: string;
}

/**
 * The context Juju gives a unit for a hook.
 *
 * @param model The model (read only).
 * @param options The unit, hook, and the relation and remote unit of a relation hook.
 * @returns The context.
 * @throws {TypeError} When the unit does not exist, or a relation hook's
 * relation does not exist or cannot be picked.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createModel } from "./model.ts";
 * import { hookContext } from "./hook_context.ts";
 * const model = createModel({ relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }] });
 * assert.deepEqual(
 *   hookContext(model, { unit: "backup-integrator/0", hook: "backup-relation-broken" }),
 *   {
 *     unit: "backup-integrator/0",
 *     hook: "backup-relation-broken",
 *     relationId: "backup:1",
 *     brokenRelationId: "backup:1",
 *   },
 * );
 * ```
 */
export function hookContext(model: FakeModel, options: HookContextOptions): HookContext {
  const { unit, hook } = options;
  requireUnit(model, unit);
  const relationHook = parseRelationHook(hook);
  if (relationHook === undefined) return { unit, hook };
  const { endpoint, kind } = relationHook;
  const ids = relationsOf(model, endpoint);
  const relationId = options.relationId ?? (ids.length === 1 ? ids[0] : undefined);
  if (relationId === undefined) {
    throw new TypeError(
      `Cannot run ${hook}: endpoint ${JSON.stringify(endpoint)} has ${ids.length} relations ` +
        `${JSON.stringify(ids)}; pass relationId`,
    );
  }
  const relation = model.relations[relationId];
  if (relation === undefined) {
    throw new TypeError(`Cannot run ${hook}: no relation ${JSON.stringify(relationId)}`);
  }
  const remoteUnit = kind === "created" || kind === "broken"
    ? ""
    : options.remoteUnit ?? relation.remoteUnits[0] ?? "";
  const departingUnit = kind === "departed" ? options.departingUnit ?? remoteUnit : "";
  return {
    unit,
    hook,
    relationId,
    ...(remoteUnit === "" ? {} : { remoteUnit }),
    ...(departingUnit === "" ? {} : { departingUnit }),
    ...(kind === "broken" ? { brokenRelationId: relationId } : {}),
  };
}

/**
 * The file holding a hook's context for its tools, named after the hook's
 * `JUJU_CONTEXT_ID`. Juju's hook tools send that id to the unit agent, which
 * knows the rest of the context; `dispatch` hands the charm no other hook
 * variable the tools could read it from, so the fake's tools look it up here.
 *
 * @param statePath The model's state file.
 * @param contextId The hook's `JUJU_CONTEXT_ID`.
 * @returns A path beside the state file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { contextFile } from "./hook_context.ts";
 * assert.equal(contextFile("/t/state.json", "u/0-install-1"), "/t/state.json.contexts/u%2F0-install-1.json");
 * ```
 */
export function contextFile(statePath: string, contextId: string): string {
  return `${statePath}.contexts/${encodeURIComponent(contextId)}.json`;
}

/**
 * Keep a hook's context where its tools find it ({@link contextFile}).
 *
 * @param statePath The model's state file.
 * @param contextId The hook's `JUJU_CONTEXT_ID`.
 * @param context The context.
 * @throws {Error} When the file cannot be written.
 */
export async function saveHookContext(
  statePath: string,
  contextId: string,
  context: HookContext,
): Promise<void> {
  await Deno.mkdir(`${statePath}.contexts`, { recursive: true });
  await Deno.writeTextFile(contextFile(statePath, contextId), JSON.stringify(context));
}

/**
 * The context of the hook a tool was called from, as the unit agent finds it
 * from the tool's `JUJU_CONTEXT_ID`.
 *
 * @param statePath The model's state file.
 * @param contextId The calling hook's `JUJU_CONTEXT_ID`.
 * @returns The context {@link saveHookContext} kept.
 * @throws {TypeError} When the id is empty or no hook has it, as Juju refuses
 * an unknown context id.
 */
export async function loadHookContext(
  statePath: string,
  contextId: string | undefined,
): Promise<HookContext> {
  if (contextId === undefined || contextId === "") throw new TypeError("JUJU_CONTEXT_ID not set");
  try {
    return JSON.parse(await Deno.readTextFile(contextFile(statePath, contextId))) as HookContext;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new TypeError(`bad context id ${JSON.stringify(contextId)}`);
  }
}
