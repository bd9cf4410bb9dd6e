/**
 * Where the charm keeps its files on the machine.
 *
 * Scripts live per application, not per unit: the leader publishes one path
 * for every unit, and the backup agent runs it on its own machine, so every
 * unit writes the same path.
 *
 * @module
 */

import { type Environment, JujuContextError } from "../juju/context.ts";

/** The charm's base directory on every machine. */
export const DEFAULT_OPT_DIR = "/opt/backup-integrator-charm";

/**
 * Overrides {@link DEFAULT_OPT_DIR}, for tests only: Juju replaces the hook's
 * environment, so in production the default always applies.
 */
export const OPT_DIR_ENV = "BACKUP_INTEGRATOR_OPT_DIR";

/**
 * The base directory: {@link OPT_DIR_ENV} when set, else {@link DEFAULT_OPT_DIR}.
 *
 * @param env The hook's environment.
 * @returns An absolute directory path without a trailing slash.
 * @throws {JujuContextError} When the override is not an absolute path.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveOptDir } from "./paths.ts";
 * assert.equal(resolveOptDir({}), "/opt/backup-integrator-charm");
 * assert.equal(resolveOptDir({ BACKUP_INTEGRATOR_OPT_DIR: "/tmp/opt/" }), "/tmp/opt");
 * ```
 */
export function resolveOptDir(env: Environment): string {
  const value = env[OPT_DIR_ENV];
  if (value === undefined || value === "") return DEFAULT_OPT_DIR;
  if (!value.startsWith("/")) {
    throw new JujuContextError(OPT_DIR_ENV, `is ${JSON.stringify(value)}, not an absolute path`);
  }
  return value.length > 1 ? value.replace(/\/+$/, "") : value;
}

/**
 * The directory holding one application's scripts.
 *
 * @param optDir The base directory.
 * @param appName The application name (already validated by the context).
 * @returns `<optDir>/<appName>/scripts`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scriptsDir } from "./paths.ts";
 * assert.equal(scriptsDir("/opt/x", "app"), "/opt/x/app/scripts");
 * ```
 */
export function scriptsDir(optDir: string, appName: string): string {
  return `${appDir(optDir, appName)}/scripts`;
}

/**
 * The directory holding everything the charm writes for one application.
 *
 * @param optDir The base directory.
 * @param appName The application name.
 * @returns `<optDir>/<appName>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { appDir } from "./paths.ts";
 * assert.equal(appDir("/opt/x", "app"), "/opt/x/app");
 * ```
 */
export function appDir(optDir: string, appName: string): string {
  return `${optDir}/${appName}`;
}

/**
 * The directory that holds a path.
 *
 * @param path An absolute path without a trailing slash.
 * @returns Everything before its last `/`; `/` for a path right under the root.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parentDir } from "./paths.ts";
 * assert.equal(parentDir("/opt/backup-integrator-charm"), "/opt");
 * assert.equal(parentDir("/opt"), "/");
 * ```
 */
export function parentDir(path: string): string {
  return path.slice(0, path.lastIndexOf("/")) || "/";
}
