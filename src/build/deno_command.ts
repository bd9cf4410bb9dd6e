/**
 * Runs the `deno` executable that runs the build, for `deno bundle` and
 * `deno compile`.
 *
 * @module
 */

/** What a finished `deno` subcommand printed and how it exited. */
export interface DenoResult {
  /** The exit code. */
  readonly code: number;
  /** Its stdout, decoded. */
  readonly stdout: string;
  /** Its stderr, decoded, with terminal colour codes removed. */
  readonly stderr: string;
}

/** Options for {@link runDeno}. */
export interface RunDenoOptions {
  /** The working directory; the current one when absent. */
  readonly cwd?: string;
  /** Variables to set (beside `NO_COLOR=1`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Start from an empty environment instead of this process's. */
  readonly clearEnv?: boolean;
}

/**
 * Run `deno` with arguments, colours off, and collect its output.
 *
 * @param args The arguments after `deno`.
 * @param options The working directory and the environment.
 * @returns Its exit code and output.
 */
export async function runDeno(
  args: readonly string[],
  options: RunDenoOptions = {},
): Promise<DenoResult> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [...args],
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    env: { ...options.env, NO_COLOR: "1" },
    clearEnv: options.clearEnv ?? false,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: stripAnsi(decoder.decode(output.stderr)),
  };
}

/**
 * Remove terminal colour and style sequences.
 *
 * @param text Text that may contain them.
 * @returns The text without them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stripAnsi } from "./deno_command.ts";
 * assert.equal(stripAnsi("\x1b[1m\x1b[31merror\x1b[0m: x"), "error: x");
 * ```
 */
export function stripAnsi(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}
