/**
 * Juju's naming rules, as the fake needs them: application and unit names
 * (`names.IsValidApplication`, `names.IsValidUnit`) and relation hook names.
 * Written here once for every harness and tool.
 *
 * @module
 */

/** An application name: lowercase letters, digits and hyphens, a letter after each hyphen. */
export const APP_NAME: RegExp = /^[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*$/;

/** A unit name, `<application>/<number>`; group 1 is the application. */
export const UNIT_NAME: RegExp =
  /^([a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*)\/(?:0|[1-9][0-9]*)$/;

const RELATION_HOOK = /^(.+)-relation-(created|joined|changed|departed|broken)$/;

/** The kind of a relation hook, the part after `-relation-`. */
export type RelationHookKind = "created" | "joined" | "changed" | "departed" | "broken";

/** A relation hook's endpoint and kind. */
export interface RelationHook {
  /** The charm's endpoint, e.g. `backup`. */
  readonly endpoint: string;
  /** E.g. `broken` for `backup-relation-broken`. */
  readonly kind: RelationHookKind;
}

/**
 * Split a relation hook's name.
 *
 * @param hook A hook name, e.g. `backup-relation-broken`.
 * @returns Its endpoint and kind; `undefined` for a hook that is not a relation hook.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRelationHook } from "./juju_names.ts";
 * assert.deepEqual(parseRelationHook("juju-info-relation-joined"), {
 *   endpoint: "juju-info",
 *   kind: "joined",
 * });
 * assert.equal(parseRelationHook("config-changed"), undefined);
 * ```
 */
export function parseRelationHook(hook: string): RelationHook | undefined {
  const match = RELATION_HOOK.exec(hook);
  if (match === null) return undefined;
  const [, endpoint = "", kind = ""] = match;
  return { endpoint, kind: kind as RelationHookKind };
}

/**
 * The application of a unit.
 *
 * @param unit A unit name, e.g. `backup-integrator/0`.
 * @returns The application, e.g. `backup-integrator`; `undefined` when `unit`
 * is not a valid unit name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { appOfUnit } from "./juju_names.ts";
 * assert.equal(appOfUnit("bacula-fd/12"), "bacula-fd");
 * assert.equal(appOfUnit("bacula-fd/01"), undefined);
 * ```
 */
export function appOfUnit(unit: string): string | undefined {
  return UNIT_NAME.exec(unit)?.[1];
}

/**
 * The number of a relation id.
 *
 * @param id A relation id, e.g. `backup:3`.
 * @returns E.g. 3.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { relationNumber } from "./juju_names.ts";
 * assert.equal(relationNumber("backup:10"), 10);
 * ```
 */
export function relationNumber(id: string): number {
  return Number(id.slice(id.lastIndexOf(":") + 1));
}
