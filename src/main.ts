/**
 * The charm binary's entry module. `dispatch` execs the compiled binary; this
 * module reads which hook fired, runs the shared reconcile for observed hooks
 * or the action asked for (`actions/<name>`, loaded only then), and is the
 * only place that turns an unexpected error into a log line and a non-zero
 * exit (so Juju retries the hook).
 *
 * @module
 */

import { reconcile } from "./charm/reconcile.ts";
import { isObservedHook } from "./charm/hooks.ts";
import type { LegacyStore } from "./charm/legacy_dirs.ts";
import { createLegacyStore } from "./charm/legacy_store.ts";
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
import { describeError, printable } from "./juju/printable.ts";

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
  /** Opens the Python charm's per-unit directories of an application in the base directory. */
  readonly openLegacy: (base: string, options: { app: string }) => LegacyStore;
  /** Where error lines go besides `juju-log` (stderr in production). */
  readonly writeError: (line: string) => void;
  /** The user the charm's files belong to; the process's own when absent. */
  readonly uid?: number;
}

/**
 * Run one dispatch of the charm.
 *
 * @param options Environment, hook-tool runner, store factories and error sink.
 * @returns The process exit code: 0 when done or the hook is not observed,
 * 1 when the reconcile failed; for an action, what `runAction()` returns.
 */
export async function main(options: MainOptions): Promise<number> {
  try {
    const target = readDispatchTarget(options.env);
    if (target.kind === "action") {
      const { runAction } = await import("./action/run_action.ts");
      return await runAction({
        context: readJujuContext(options.env),
        env: options.env,
        runner: options.runner,
        uid: options.uid ?? Deno.uid() ?? 0,
      });
    }
    if (!isObservedHook(target.name)) return 0;
    const context = readJujuContext(options.env);
    const optDir = resolveOptDir(options.env);
    const store = options.openStore(scriptsDir(optDir, context.appName));
    const legacy = options.openLegacy(optDir, { app: context.appName });
    await reconcile({ context, runner: options.runner, store, legacy });
    return 0;
  } catch (error) {
    // One line that fits in one argument, whatever the error carries.
    const message = printable(
      `${hookLabel(options.env)} failed: ${describeError(error)}`,
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

/**
 * The environment variables the charm reads, taken from the process.
 *
 * @returns Each variable the binary is allowed to read, by name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { processEnvironment } from "./main.ts";
 * const env = processEnvironment();
 * assert.ok(Object.hasOwn(env, "JUJU_DISPATCH_PATH") && !Object.hasOwn(env, "HOME"));
 * ```
 */
export function processEnvironment(): Environment {
  return Object.fromEntries(
    [...JUJU_ENV_VARS, OPT_DIR_ENV].map((name) => [name, Deno.env.get(name)]),
  );
}

/** The charm's name, as `--version` prints it. */
export const CHARM_NAME = "backup-integrator";

/** The charm's version, as `--version` prints it and `build.ts` expects it. */
export const CHARM_VERSION = "1.0.0";

/** What the binary answers without Juju: the text to print, where, and the exit code. */
export interface IdentityReply {
  /** The exit code. */
  readonly code: number;
  /** The one line to print. */
  readonly line: string;
  /** `stdout` for the version, `stderr` for the explanation. */
  readonly stream: "stdout" | "stderr";
}

/**
 * The answer to a request that needs no Juju, decided before anything else
 * runs: `--version` prints the charm's name and version; a start outside a
 * hook (neither `JUJU_DISPATCH_PATH` nor `JUJU_HOOK_NAME` set) explains in one
 * line what the binary is and exits 2. In a hook it is `undefined`, and the
 * hook runs as before; `build.ts` asks both questions of every binary it packs.
 *
 * @param args The command-line arguments (Juju passes none).
 * @param env The environment.
 * @returns The reply, or `undefined` when this is a hook.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { identityReply } from "./main.ts";
 * assert.equal(identityReply(["--version"], {})?.line, "backup-integrator 1.0.0");
 * assert.equal(identityReply([], {})?.code, 2);
 * assert.equal(identityReply([], { JUJU_DISPATCH_PATH: "hooks/install" }), undefined);
 * ```
 */
export function identityReply(
  args: readonly string[],
  env: Environment,
): IdentityReply | undefined {
  if (args.length === 1 && args[0] === "--version") {
    return { code: 0, line: `${CHARM_NAME} ${CHARM_VERSION}`, stream: "stdout" };
  }
  if (env["JUJU_DISPATCH_PATH"] || env["JUJU_HOOK_NAME"]) return undefined;
  return {
    code: 2,
    line: `${CHARM_NAME} ${CHARM_VERSION} is a Juju charm binary: Juju runs it through ` +
      `dispatch for each hook it observes and each action (JUJU_DISPATCH_PATH is unset, ` +
      `so this is not a hook); ` +
      `--version prints its version`,
    stream: "stderr",
  };
}

if (import.meta.main) {
  const env = processEnvironment();
  // Before anything else: `--version`, or a start outside a hook, needs no Juju.
  const reply = identityReply(Deno.args, env);
  if (reply !== undefined) {
    (reply.stream === "stdout" ? console.log : console.error)(reply.line);
    Deno.exit(reply.code);
  }
  Deno.exit(
    await main({
      env,
      runner: createProcessRunner(),
      openStore: createScriptStore,
      openLegacy: createLegacyStore,
      writeError: (line) => console.error(line),
    }),
  );
}
