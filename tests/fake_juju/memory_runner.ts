/**
 * A {@link HookToolRunner} over the in-memory fake model: no process starts.
 * The charm's unit tests pass it where production passes the process runner.
 *
 * @module
 */

import {
  type HookToolCall,
  HookToolError,
  type HookToolRunner,
} from "../../src/juju/hook_tool_runner.ts";
import { HOOK_TOOLS } from "../../src/juju/hook_tools.ts";
import { type FakeModel, type HookContext, runTool } from "./model.ts";

/**
 * Create a runner that runs each call with {@link runTool} against `model`, as
 * the unit and hook in `context`.
 *
 * Like the real binary, which may run only the tools in `HOOK_TOOLS` (its
 * `--allow-run` list), the runner refuses any other tool as if it could not
 * be started (exit code `null`).
 *
 * @param model The model the calls read and change.
 * @param context The calling unit's hook context.
 * @returns A runner resolving to the tool's stdout.
 *
 * @example
 * ```ts
 * import { createModel } from "./model.ts";
 * import { createMemoryRunner } from "./memory_runner.ts";
 * const model = createModel();
 * const runner = createMemoryRunner(model, { unit: "backup-integrator/0", hook: "install" });
 * const stdout = await runner.run({ tool: "is-leader", args: ["--format=json"] });
 * console.assert(stdout === "true\n");
 * ```
 */
export function createMemoryRunner(model: FakeModel, context: HookContext): HookToolRunner {
  return {
    run(call: HookToolCall): Promise<string> {
      if (!(HOOK_TOOLS as readonly string[]).includes(call.tool)) {
        return Promise.reject(
          new HookToolError(call, {
            exitCode: null,
            stderr: `NotCapable: Requires run access to "${call.tool}" (not in HOOK_TOOLS)`,
          }),
        );
      }
      const result = runTool(model, context, call);
      if (result.exitCode !== 0) {
        return Promise.reject(
          new HookToolError(call, { exitCode: result.exitCode, stderr: result.stderr }),
        );
      }
      return Promise.resolve(result.stdout);
    },
  };
}
