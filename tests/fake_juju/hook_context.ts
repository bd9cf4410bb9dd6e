/**
 * The hook context of a unit: which unit, which hook, and in a relation hook
 * which relation and remote unit. The harnesses build it from the model
 * ({@link hookContext}); the executable tools read it back from the
 * environment the hook passed on ({@link contextFromEnv}).
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
 * Build the calling unit's hook context from its environment, as the
 * executable tools do: `JUJU_UNIT_NAME`, `JUJU_HOOK_NAME`, `JUJU_RELATION_ID`,
 * `JUJU_REMOTE_UNIT`, `JUJU_DEPARTING_UNIT`, `JUJU_ACTION_UUID`. The relation of a
 * `-relation-broken` hook is the one being broken.
 *
 * @param env The environment.
 * @returns The context; empty variables count as absent.
 * @throws {TypeError} When `JUJU_UNIT_NAME` is unset.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { contextFromEnv } from "./hook_context.ts";
 * const context = contextFromEnv({
 *   JUJU_UNIT_NAME: "backup-integrator/0",
 *   JUJU_HOOK_NAME: "backup-relation-broken",
 *   JUJU_RELATION_ID: "backup:3",
 *   JUJU_REMOTE_UNIT: "",
 * });
 * assert.equal(context.brokenRelationId, "backup:3");
 * assert.equal(context.remoteUnit, undefined);
 * ```
 */
export function contextFromEnv(env: Readonly<Record<string, string | undefined>>): HookContext {
  const unit = env["JUJU_UNIT_NAME"];
  if (unit === undefined || unit === "") throw new TypeError("JUJU_UNIT_NAME is unset");
  const hook = env["JUJU_HOOK_NAME"] ?? "";
  const relationId = env["JUJU_RELATION_ID"] ?? "";
  const remoteUnit = env["JUJU_REMOTE_UNIT"] ?? "";
  const departingUnit = env["JUJU_DEPARTING_UNIT"] ?? "";
  const actionId = env["JUJU_ACTION_UUID"] ?? "";
  const broken = relationId !== "" && parseRelationHook(hook)?.kind === "broken";
  return {
    unit,
    hook,
    ...(relationId === "" ? {} : { relationId }),
    ...(remoteUnit === "" ? {} : { remoteUnit }),
    ...(departingUnit === "" ? {} : { departingUnit }),
    ...(broken ? { brokenRelationId: relationId } : {}),
    ...(actionId === "" ? {} : { actionId }),
  };
}
