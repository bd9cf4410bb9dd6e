/**
 * The one place that spawns Juju hook tools.
 *
 * Everything else in the charm calls the typed wrappers in `hook_tools.ts`,
 * which take a {@link HookToolRunner} as a parameter, so tests can pass an
 * in-memory runner and no process is started.
 *
 * @module
 */

/** One invocation of a hook tool: its name, its arguments, and optional stdin. */
export interface HookToolCall {
  /** Tool name as found on `PATH`, e.g. `relation-set`. */
  readonly tool: string;
  /** Arguments, never including the tool name. */
  readonly args: readonly string[];
  /** Text written to the tool's stdin; large data goes here, never into argv. */
  readonly stdin?: string;
}

/** Runs a hook tool and resolves to its stdout, or rejects with a {@link HookToolError}. */
export interface HookToolRunner {
  /**
   * Run one hook tool to completion.
   *
   * @param call The tool, its arguments and optional stdin.
   * @returns The tool's stdout, decoded as UTF-8.
   * @throws {HookToolError} When the tool exits non-zero or cannot be started.
   */
  run(call: HookToolCall): Promise<string>;
}

/** Options for {@link HookToolError}. */
export interface HookToolErrorOptions {
  /** The tool's exit code, or `null` when it could not be started. */
  readonly exitCode: number | null;
  /** The tool's stderr (or why it could not be started). */
  readonly stderr: string;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * A hook tool exited non-zero or could not be started.
 *
 * Carries the data a caller needs to decide and to report, so nobody parses
 * the message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HookToolError } from "./hook_tool_runner.ts";
 * const error = new HookToolError({ tool: "is-leader", args: ["--format=json"] }, {
 *   exitCode: 1,
 *   stderr: "ERROR connection refused\n",
 * });
 * assert.ok(error.message.includes("is-leader --format=json"));
 * ```
 */
export class HookToolError extends Error {
  /** The tool that failed. */
  readonly tool: string;
  /** The arguments it was given. */
  readonly args: readonly string[];
  /** Its exit code; `null` when it could not be started at all. */
  readonly exitCode: number | null;
  /** What it printed on stderr, trimmed. */
  readonly stderr: string;

  /**
   * Describe a failed call.
   *
   * @param call The call that failed.
   * @param options Exit code, stderr and optional cause.
   */
  constructor(call: HookToolCall, options: HookToolErrorOptions) {
    const stderr = options.stderr.trim();
    const how = options.exitCode === null
      ? "could not be started"
      : `exited with ${options.exitCode}`;
    super(
      `Hook tool failed: ${describeCall(call)} ${how}${stderr === "" ? "" : `: ${stderr}`}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "HookToolError";
    this.tool = call.tool;
    this.args = call.args;
    this.exitCode = options.exitCode;
    this.stderr = stderr;
  }
}

/** Longest argument shown verbatim in an error message; longer ones are cut. */
const SHOWN_ARGUMENT_LENGTH = 200;

function describeCall(call: HookToolCall): string {
  const shown = call.args.map((arg) =>
    arg.length > SHOWN_ARGUMENT_LENGTH ? `${arg.slice(0, SHOWN_ARGUMENT_LENGTH)}…` : arg
  );
  return [call.tool, ...shown].join(" ");
}

/**
 * Create the production runner: each call spawns the tool as a child process
 * that inherits the hook's environment (the real tools find the unit agent
 * through it).
 *
 * @returns A runner backed by `Deno.Command`.
 */
export function createProcessRunner(): HookToolRunner {
  return { run: runProcess };
}

async function runProcess(call: HookToolCall): Promise<string> {
  const command = new Deno.Command(call.tool, {
    args: [...call.args],
    stdin: call.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  });
  let child: Deno.ChildProcess;
  try {
    child = command.spawn();
  } catch (error) {
    throw new HookToolError(call, { exitCode: null, stderr: String(error), cause: error });
  }
  if (call.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    try {
      await writer.write(new TextEncoder().encode(call.stdin));
      await writer.close();
    } catch {
      // The tool closed stdin early; its exit code and stderr say why.
    }
  }
  const output = await child.output();
  const decoder = new TextDecoder();
  if (!output.success) {
    throw new HookToolError(call, { exitCode: output.code, stderr: decoder.decode(output.stderr) });
  }
  return decoder.decode(output.stdout);
}
