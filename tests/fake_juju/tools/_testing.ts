/**
 * Helpers of the tool tests: a model with a leader, a follower and one
 * `backup` relation, and assertions on how a tool fails.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { HookContext } from "../hook_context.ts";
import { createModel, type CreateModelOptions, type FakeModel } from "../model.ts";
import { runTool, type ToolResult } from "../tool_dispatch.ts";

/** The application of the test models. */
export const APP = "backup-integrator";

/** Its leader. */
export const LEADER = `${APP}/0`;

/** Its other unit. */
export const FOLLOWER = `${APP}/1`;

/**
 * A model with {@link LEADER}, {@link FOLLOWER} and the relation `backup:3`.
 *
 * @param options Changes to the model's options.
 * @returns The model.
 */
export function setup(options: CreateModelOptions = {}): FakeModel {
  return createModel({
    units: [LEADER, FOLLOWER],
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd", id: 3 }],
    ...options,
  });
}

/**
 * Run a tool as {@link LEADER} in `config-changed`, unless the context says otherwise.
 *
 * @param model The model.
 * @param tool The tool.
 * @param args Its arguments.
 * @param context Changes to the context, and stdin.
 * @returns What the tool printed and its exit code.
 */
export function run(
  model: FakeModel,
  tool: string,
  args: readonly string[],
  context: Partial<HookContext> & { stdin?: string } = {},
): ToolResult {
  const { stdin, ...rest } = context;
  return runTool(model, { unit: LEADER, hook: "config-changed", ...rest }, {
    tool,
    args,
    ...(stdin === undefined ? {} : { stdin }),
  });
}

/**
 * Assert a usage error: exit 2, nothing on stdout, `ERROR <message>` on stderr.
 *
 * @param result What the tool did.
 * @param message The message, when it matters.
 */
export function assertUsageError(result: ToolResult, message?: string): void {
  assert.equal(result.exitCode, 2, result.stderr);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /^ERROR .+\n$/);
  if (message !== undefined) assert.equal(result.stderr, `ERROR ${message}\n`);
}

/**
 * Assert a failure while running: exit 1, nothing on stdout, `ERROR <message>` on stderr.
 *
 * @param result What the tool did.
 * @param message The message.
 */
export function assertFailure(result: ToolResult, message: string): void {
  assert.equal(result.exitCode, 1, result.stderr);
  assert.equal(result.stdout, "");
  assert.equal(result.stderr, `ERROR ${message}\n`);
}

/**
 * The charm's application bag in a relation, as committed.
 *
 * @param model The model.
 * @param relationId The relation.
 * @returns The bag, `undefined` when never written.
 */
export function appBag(
  model: FakeModel,
  relationId = "backup:3",
): Record<string, string> | undefined {
  return model.relations[relationId]?.appData[APP];
}
