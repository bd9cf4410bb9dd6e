/**
 * A runner for tests of the hook-tool wrappers: each expected call is declared
 * with its answer, in order, and any other call fails the test.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  type HookToolCall,
  HookToolError,
  type HookToolRunner,
} from "../../src/juju/hook_tool_runner.ts";

/** One expected call and its answer. */
export interface ExpectedCall extends HookToolCall {
  /** What the tool prints on success. */
  readonly stdout?: string;
  /** When set, the tool fails with this exit code and stderr. */
  readonly fail?: { readonly exitCode: number; readonly stderr: string };
}

/** A runner that checks every call against a script; `done()` asserts all were made. */
export interface ScriptedRunner extends HookToolRunner {
  /** Assert that every expected call was made. */
  done(): void;
}

/**
 * Create a runner that expects exactly `expected`, in order.
 *
 * @param expected The calls and their answers.
 * @returns The runner.
 */
export function scriptedRunner(expected: readonly ExpectedCall[]): ScriptedRunner {
  let next = 0;
  return {
    run(call: HookToolCall): Promise<string> {
      const want = expected[next++];
      assert.ok(want !== undefined, `unexpected call: ${call.tool} ${call.args.join(" ")}`);
      assert.deepEqual(
        { tool: call.tool, args: [...call.args], stdin: call.stdin },
        { tool: want.tool, args: [...want.args], stdin: want.stdin },
      );
      if (want.fail !== undefined) return Promise.reject(new HookToolError(call, want.fail));
      return Promise.resolve(want.stdout ?? "");
    },
    done() {
      assert.equal(next, expected.length, "not every expected call was made");
    },
  };
}
