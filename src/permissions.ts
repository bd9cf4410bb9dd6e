/**
 * The Deno permissions the charm binary runs with, kept in one place: `build.ts`
 * compiles them into the binary and the tests' launcher runs the same program
 * with the same flags.
 *
 * Least privilege: run only the hook tools the charm calls, write only under
 * the charm's base directory, read only there and in the directory that holds
 * it (whose owner and mode the charm must check, see `judgeBaseParent()`),
 * read only the environment variables it uses and its own user id.
 *
 * @module
 */

import { JUJU_ENV_VARS } from "./juju/context.ts";
import { HOOK_TOOLS } from "./juju/hook_tools.ts";
import { DEFAULT_OPT_DIR, OPT_DIR_ENV, parentDir } from "./charm/paths.ts";

/** Options for {@link permissionFlags}. */
export interface PermissionOptions {
  /**
   * Replaces {@link DEFAULT_OPT_DIR} as the one directory the program may read
   * and write; for the tests' launcher, which points it at a temporary directory.
   */
  readonly optDir?: string;
}

/**
 * The permission flags for `deno compile` and `deno run`.
 *
 * @param options An optional replacement base directory.
 * @returns Flags such as `--allow-run=config-get,…`, in a fixed order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { permissionFlags } from "./permissions.ts";
 * const flags = permissionFlags();
 * assert.ok(flags.includes("--allow-write=/opt/backup-integrator-charm"));
 * ```
 */
export function permissionFlags(options: PermissionOptions = {}): string[] {
  const optDir = options.optDir ?? DEFAULT_OPT_DIR;
  return [
    "--no-prompt",
    `--allow-env=${[...JUJU_ENV_VARS, OPT_DIR_ENV].join(",")}`,
    `--allow-run=${HOOK_TOOLS.join(",")}`,
    // The owner every directory on the way to the scripts must have.
    "--allow-sys=uid",
    // The base's parent too: the charm refuses a base that others could swap
    // (a parent they may write), and Deno lets no path be inspected unread.
    `--allow-read=${optDir},${parentDir(optDir)}`,
    `--allow-write=${optDir}`,
  ];
}
