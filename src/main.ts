/**
 * The charm binary's entry module. `dispatch` execs the compiled binary; this
 * module reads which hook fired, runs the shared reconcile for observed hooks,
 * and is the only place that turns an unexpected error into a log line and a
 * non-zero exit (so Juju retries the hook).
 *
 * @module
 */

import { reconcile } from "./charm/reconcile.ts";
import { isObservedHook } from "./charm/hooks.ts";
import { OPT_DIR_ENV, resolveOptDir, scriptsDir } from "./charm/paths.ts";
import { createScriptStore, type ScriptStore } from "./charm/script_store.ts";
import {
  type Environment,
  JUJU_ENV_VARS,
  readDispatchTarget,
  readJujuContext,
} from "./juju/context.ts";
import { createProcessRunner, type HookToolRunner } from "./juju/hook_tool_runner.ts";
import { jujuLog } from "./juju/hook_tools.ts";
import { printable } from "./juju/printable.ts";

/** Most characters of an error line; far below the ~128 KiB one argument may have. */
const MAX_MESSAGE_LENGTH = 8192;

/** Side effects {@link main} works through; production passes the real ones. */
export interface MainOptions {
  /** The hook's environment (only the variables the charm reads are needed). */
  readonly env: Environment;
  /** Runs hook tools. */
  readonly runner: HookToolRunner;
  /** Opens the scripts directory. */
  readonly openStore: (dir: string) => ScriptStore;
  /** Where error lines go besides `juju-log` (stderr in production). */
  readonly writeError: (line: string) => void;
}

/**
 * Run one dispatch of the charm.
 *
 * @param options Environment, hook-tool runner, store factory and error sink.
 * @returns The process exit code: 0 when done or the hook is not observed,
 * 1 when the reconcile failed.
 */
export async function main(options: MainOptions): Promise<number> {
  try {
    const target = readDispatchTarget(options.env);
    if (target.kind !== "hook" || !isObservedHook(target.name)) return 0;
    const context = readJujuContext(options.env);
    const store = options.openStore(scriptsDir(resolveOptDir(options.env), context.appName));
    await reconcile({ context, runner: options.runner, store });
    return 0;
  } catch (error) {
    // One line that fits in one argument, whatever the error carries.
    const message = printable(
      `${hookLabel(options.env)} failed: ${describe(error)}`,
      MAX_MESSAGE_LENGTH,
    );
    options.writeError(message);
    try {
      await jujuLog(options.runner, { level: "ERROR", message });
    } catch {
      // The unit agent is unreachable; stderr still reaches the unit log.
    }
    return 1;
  }
}

function hookLabel(env: Environment): string {
  return env["JUJU_DISPATCH_PATH"] || env["JUJU_HOOK_NAME"] || "dispatch";
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    return error.name === "Error" ? error.message : `${error.name}: ${error.message}`;
  }
  return String(error);
}

/**
 * The environment variables the charm reads, taken from the process.
 *
 * @returns Each variable the binary is allowed to read, by name.
 */
export function processEnvironment(): Environment {
  return Object.fromEntries(
    [...JUJU_ENV_VARS, OPT_DIR_ENV].map((name) => [name, Deno.env.get(name)]),
  );
}

if (import.meta.main) {
  Deno.exit(
    await main({
      env: processEnvironment(),
      runner: createProcessRunner(),
      openStore: createScriptStore,
      writeError: (line) => console.error(line),
    }),
  );
}
