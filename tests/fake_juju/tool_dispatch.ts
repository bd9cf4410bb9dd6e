/**
 * Running one hook tool against the model: the tools the fake emulates, the
 * call record, injected faults, and how errors become exit codes. Pure: no
 * I/O. Behaviour follows `shared/JUJU.md` and Juju's own hook-tool sources
 * (`jujuc`): flag parsing and argument errors exit 2, failures while running
 * exit 1, both with `ERROR <message>` on stderr and nothing on stdout.
 *
 * @module
 */

import type { HookContext } from "./hook_context.ts";
import type { FakeFault, FakeModel } from "./model.ts";
import { UsageError } from "./tools/_flags.ts";
import { ToolFailure, type ToolRun } from "./tools/_tool.ts";
import { actionFail } from "./tools/action_fail.ts";
import { actionSet } from "./tools/action_set.ts";
import { configGet } from "./tools/config_get.ts";
import { isLeader } from "./tools/is_leader.ts";
import { jujuLog } from "./tools/juju_log.ts";
import { relationGet } from "./tools/relation_get.ts";
import { relationIds } from "./tools/relation_ids.ts";
import { readsStdin, relationSet } from "./tools/relation_set.ts";
import { statusSet } from "./tools/status_set.ts";

/** One tool invocation: the name, the arguments, and stdin when the tool reads it. */
export interface ToolCall {
  /** The tool's name, e.g. `config-get`. */
  readonly tool: string;
  /** The arguments, without the tool name. */
  readonly args: readonly string[];
  /** The text on stdin; read only for `--file -`. */
  readonly stdin?: string;
}

/** What a tool printed and how it exited. */
export interface ToolResult {
  /** Standard output; empty on failure. */
  readonly stdout: string;
  /** Standard error: `ERROR <message>` and a newline on failure. */
  readonly stderr: string;
  /** 0 on success, 2 for bad arguments, 1 for a failure while running. */
  readonly exitCode: number;
}

/** Each emulated tool: the tools the charm calls, and no other. */
const TOOLS = {
  "config-get": configGet,
  "is-leader": isLeader,
  "relation-ids": relationIds,
  "relation-get": relationGet,
  "relation-set": relationSet,
  "status-set": statusSet,
  "juju-log": jujuLog,
  "action-set": actionSet,
  "action-fail": actionFail,
} as const satisfies Record<string, (run: ToolRun) => string>;

/** A hook tool the fake implements. */
export type FakeToolName = keyof typeof TOOLS;

/** The hook tools the fake implements. */
export const FAKE_TOOLS: readonly FakeToolName[] = Object.keys(TOOLS) as FakeToolName[];

/**
 * Whether the fake implements a tool.
 *
 * @param name A tool name.
 * @returns `true` for one of {@link FAKE_TOOLS}.
 */
export function isFakeTool(name: string): name is FakeToolName {
  return Object.hasOwn(TOOLS, name);
}

/**
 * Run one hook tool against the model, as the calling unit.
 *
 * Records the call first; then the first matching fault, if any, decides the
 * result; else the tool runs. Changes the model: statuses and logs at once,
 * relation writes into `pending` until the hook ends (`hook_lifecycle.ts`).
 *
 * @param model The model to read and change.
 * @param context The calling unit's hook context.
 * @param call The tool, its arguments, and stdin.
 * @returns What the tool prints and its exit code.
 * @throws {TypeError} When the tool is not one of {@link FAKE_TOOLS}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createModel } from "./model.ts";
 * import { runTool } from "./tool_dispatch.ts";
 * const model = createModel({ config: { fileset: "/srv" } });
 * const context = { unit: "backup-integrator/0", hook: "config-changed" };
 * const result = runTool(model, context, { tool: "config-get", args: ["--format=json"] });
 * assert.deepEqual(result, { stdout: '{"fileset":"/srv"}\n', stderr: "", exitCode: 0 });
 * ```
 */
export function runTool(model: FakeModel, context: HookContext, call: ToolCall): ToolResult {
  if (!isFakeTool(call.tool)) {
    throw new TypeError(`Unknown hook tool: ${JSON.stringify(call.tool)}`);
  }
  const stdin = readsStdin(call.tool, call.args) ? call.stdin ?? "" : undefined;
  model.calls.push({
    unit: context.unit,
    hook: context.hook,
    tool: call.tool,
    args: [...call.args],
    ...(stdin === undefined ? {} : { stdin }),
  });
  const fault = takeFault(model, context, call.tool);
  if (fault !== undefined) {
    return {
      stdout: "",
      stderr: fault.stderr.endsWith("\n") ? fault.stderr : `${fault.stderr}\n`,
      exitCode: fault.exitCode,
    };
  }
  const unit = model.units[context.unit];
  if (unit === undefined) return failure(1, `unit ${JSON.stringify(context.unit)} not found`);
  const run: ToolRun = { model, context, unit, args: call.args, stdin: stdin ?? "", stderr: "" };
  try {
    const stdout = TOOLS[call.tool](run);
    return { stdout, stderr: run.stderr, exitCode: 0 };
  } catch (error) {
    if (error instanceof UsageError) return failure(2, error.message);
    if (error instanceof ToolFailure) return failure(1, error.message);
    throw error;
  }
}

function failure(exitCode: number, message: string): ToolResult {
  return { stdout: "", stderr: `ERROR ${message}\n`, exitCode };
}

/** The first fault matching the call, worn down by one use; removed when used up. */
function takeFault(model: FakeModel, context: HookContext, tool: string): FakeFault | undefined {
  const index = model.faults.findIndex((fault) =>
    fault.tool === tool && (fault.unit === undefined || fault.unit === context.unit)
  );
  const fault = model.faults[index];
  if (fault === undefined) return undefined;
  if (fault.remaining !== undefined) {
    fault.remaining -= 1;
    if (fault.remaining <= 0) model.faults.splice(index, 1);
  }
  return fault;
}
