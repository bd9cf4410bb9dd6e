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
import type { HookContext } from "./hook_context.ts";
import type { FakeModel } from "./model.ts";
import { isFakeTool, runTool } from "./tool_dispatch.ts";

/**
 * Create a runner that runs each call with {@link runTool} against `model`, as
 * the unit and hook in `context`.
 *
 * A tool the fake does not have is refused as if it could not be started
 * (exit code `null`), as a tool missing from `PATH` or from the binary's
 * `--allow-run` list would be.
 *
 * @param model The model the calls read and change.
 * @param context The calling unit's hook context.
 * @returns A runner resolving to the tool's stdout.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createModel } from "./model.ts";
 * import { createMemoryRunner } from "./memory_runner.ts";
 * const model = createModel();
 * const runner = createMemoryRunner(model, { unit: "backup-integrator/0", hook: "install" });
 * assert.equal(await runner.run({ tool: "is-leader", args: ["--format=json"] }), "true\n");
 * ```
 */
export function createMemoryRunner(model: FakeModel, context: HookContext): HookToolRunner {
  return {
    run(call: HookToolCall): Promise<string> {
      if (!isFakeTool(call.tool)) {
        return Promise.reject(
          new HookToolError(call, {
            exitCode: null,
            stderr: `NotFound: the fake Juju has no hook tool "${call.tool}"`,
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
