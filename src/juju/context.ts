/**
 * The Juju hook environment, read once into a typed, read-only record.
 *
 * Pure: the functions here take any mapping of variable names to values, so
 * tests pass a plain object and production passes what `Deno.env` returns
 * for {@link JUJU_ENV_VARS}.
 *
 * @module
 */

/** The Juju variables this charm reads; the binary may read no others from Juju. */
export const JUJU_ENV_VARS = [
  "JUJU_DISPATCH_PATH",
  "JUJU_HOOK_NAME",
  "JUJU_UNIT_NAME",
  "JUJU_RELATION_ID",
] as const;

/** A read-only view of environment variables. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** What Juju asked the charm to run. */
export interface DispatchTarget {
  /** A hook (`hooks/<name>`) or an action (`actions/<name>`). */
  readonly kind: "hook" | "action";
  /** The hook or action name, e.g. `config-changed`. */
  readonly name: string;
}

/** Everything the charm needs to know about the hook it is running in. */
export interface JujuContext {
  /** What is being dispatched. */
  readonly target: DispatchTarget;
  /** This unit, e.g. `backup-integrator/0`. */
  readonly unitName: string;
  /** This unit's application, e.g. `backup-integrator`. */
  readonly appName: string;
  /** The relation of a relation hook, e.g. `backup:3`; absent otherwise. */
  readonly relationId?: string;
}

/**
 * The environment does not describe a hook this charm can run; names the
 * variable at fault.
 */
export class JujuContextError extends Error {
  /** The variable that is missing or malformed. */
  readonly variable: string;

  /**
   * Name the variable and what is wrong with it.
   *
   * @param variable The variable at fault.
   * @param detail What is wrong with it.
   */
  constructor(variable: string, detail: string) {
    super(`Cannot read the Juju environment: ${variable} ${detail}`);
    this.name = "JujuContextError";
    this.variable = variable;
  }
}

// Juju's application name rule; unit names are `<application>/<number>`.
const UNIT_NAME = /^([a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*)\/(0|[1-9][0-9]*)$/;
const DISPATCH_PATH = /^(hooks|actions)\/([A-Za-z0-9][A-Za-z0-9_-]*)$/;

/**
 * Work out what Juju is dispatching, from `JUJU_DISPATCH_PATH` (preferred:
 * a custom dispatch sets only that one) or else `JUJU_HOOK_NAME`.
 *
 * @param env The hook's environment.
 * @returns The hook or action to run.
 * @throws {JujuContextError} When neither variable names a hook or action.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readDispatchTarget } from "./context.ts";
 * const target = readDispatchTarget({ JUJU_DISPATCH_PATH: "hooks/config-changed" });
 * assert.ok(target.kind === "hook" && target.name === "config-changed");
 * ```
 */
export function readDispatchTarget(env: Environment): DispatchTarget {
  const path = env["JUJU_DISPATCH_PATH"];
  if (path !== undefined && path !== "") {
    const match = DISPATCH_PATH.exec(path);
    if (match === null || match[1] === undefined || match[2] === undefined) {
      throw new JujuContextError(
        "JUJU_DISPATCH_PATH",
        `is ${JSON.stringify(path)}, not "hooks/<name>" or "actions/<name>"`,
      );
    }
    return { kind: match[1] === "hooks" ? "hook" : "action", name: match[2] };
  }
  const hook = env["JUJU_HOOK_NAME"];
  if (hook !== undefined && hook !== "") return { kind: "hook", name: hook };
  throw new JujuContextError("JUJU_DISPATCH_PATH", "and JUJU_HOOK_NAME are both unset");
}

/**
 * Read the whole hook context.
 *
 * @param env The hook's environment.
 * @returns The context.
 * @throws {JujuContextError} When a variable is missing or malformed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readJujuContext } from "./context.ts";
 * const context = readJujuContext({
 *   JUJU_DISPATCH_PATH: "hooks/backup-relation-broken",
 *   JUJU_UNIT_NAME: "backup-integrator/2",
 *   JUJU_RELATION_ID: "backup:7",
 * });
 * assert.ok(context.appName === "backup-integrator" && context.relationId === "backup:7");
 * ```
 */
export function readJujuContext(env: Environment): JujuContext {
  const target = readDispatchTarget(env);
  const unitName = env["JUJU_UNIT_NAME"];
  if (unitName === undefined || unitName === "") {
    throw new JujuContextError("JUJU_UNIT_NAME", "is unset");
  }
  const match = UNIT_NAME.exec(unitName);
  if (match === null || match[1] === undefined) {
    throw new JujuContextError(
      "JUJU_UNIT_NAME",
      `is ${JSON.stringify(unitName)}, not "<application>/<number>"`,
    );
  }
  const relationId = env["JUJU_RELATION_ID"];
  return {
    target,
    unitName,
    appName: match[1],
    ...(relationId === undefined || relationId === "" ? {} : { relationId }),
  };
}
