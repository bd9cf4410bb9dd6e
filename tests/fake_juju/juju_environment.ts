/**
 * The environment Juju gives `dispatch`, for the end-to-end harness: the
 * variables of every hook, those of a relation hook, and changes a test asks
 * for. Pure: the harness passes its paths in.
 *
 * @module
 */

import { OPT_DIR_ENV } from "../../src/charm/paths.ts";
import type { HookContext } from "./hook_context.ts";
import type { FakeModel } from "./model.ts";

/** Environment changes for one run: a string sets a variable, `null` removes it. */
export type EnvChanges = Readonly<Record<string, string | null>>;

/** Where the harness keeps things, as the environment names them. */
export interface HarnessPaths {
  /** `JUJU_CHARM_DIR` and `CHARM_DIR`. */
  readonly charmDir: string;
  /** The fake hook tools, first on `PATH`. */
  readonly toolsDir: string;
  /** `BACKUP_INTEGRATOR_OPT_DIR`. */
  readonly optDir: string;
  /** `JUJU_PRINCIPAL_UNIT`. */
  readonly principalUnit: string;
}

/** A fixed model UUID for `JUJU_MODEL_UUID`. */
const MODEL_UUID = "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b";

/**
 * The variables Juju sets for every hook and action of a unit, without the
 * hook's own (`JUJU_HOOK_NAME`, `JUJU_DISPATCH_PATH`, `JUJU_CONTEXT_ID`).
 *
 * @param paths The harness's paths.
 * @param model The model.
 * @param unit The unit.
 * @returns The variables; nothing else is inherited.
 */
export function baseEnvironment(
  paths: HarnessPaths,
  model: FakeModel,
  unit: string,
): Record<string, string> {
  return {
    JUJU_CHARM_DIR: paths.charmDir,
    CHARM_DIR: paths.charmDir,
    JUJU_UNIT_NAME: unit,
    JUJU_MODEL_NAME: "test-model",
    JUJU_MODEL_UUID: MODEL_UUID,
    JUJU_VERSION: model.jujuVersion,
    JUJU_MACHINE_ID: "0",
    JUJU_AVAILABILITY_ZONE: "zone-a",
    JUJU_API_ADDRESSES: "10.0.0.2:17070",
    JUJU_AGENT_SOCKET_ADDRESS: `@/var/lib/juju/agents/unit-${unit.replace("/", "-")}/agent.socket`,
    JUJU_AGENT_SOCKET_NETWORK: "unix",
    JUJU_PRINCIPAL_UNIT: paths.principalUnit,
    PATH: `${paths.toolsDir}:/usr/local/bin:/usr/bin:/bin`,
    LANG: "C.UTF-8",
    TERM: "dumb",
    [OPT_DIR_ENV]: paths.optDir,
  };
}

/**
 * The variables of a relation hook: `JUJU_RELATION`, `JUJU_RELATION_ID`,
 * `JUJU_REMOTE_APP`, `JUJU_REMOTE_UNIT` and, in `-relation-departed`,
 * `JUJU_DEPARTING_UNIT`.
 *
 * @param model The model.
 * @param context The hook's context.
 * @returns The variables; none outside a relation hook.
 */
export function relationEnvironment(
  model: FakeModel,
  context: HookContext,
): Record<string, string> {
  const relationId = context.relationId ?? "";
  const relation = model.relations[relationId];
  if (relation === undefined) return {};
  return {
    JUJU_RELATION: relation.endpoint,
    JUJU_RELATION_ID: relationId,
    JUJU_REMOTE_APP: relation.remoteApp,
    JUJU_REMOTE_UNIT: context.remoteUnit ?? "",
    ...(context.departingUnit === undefined ? {} : { JUJU_DEPARTING_UNIT: context.departingUnit }),
  };
}

/**
 * Apply a test's changes to an environment.
 *
 * @param env The environment.
 * @param changes Variables to set, or to remove with `null`.
 * @returns A new environment.
 */
export function applyChanges(
  env: Record<string, string>,
  changes?: EnvChanges,
): Record<string, string> {
  const result = { ...env };
  for (const [key, value] of Object.entries(changes ?? {})) {
    if (value === null) delete result[key];
    else result[key] = value;
  }
  return result;
}
