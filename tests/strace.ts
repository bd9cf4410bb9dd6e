/**
 * Run a command under `strace`, for the tests that check what a program
 * asks of the kernel; where `strace` is missing or may not trace, say why
 * instead, so the test can be skipped saying so.
 *
 * @module
 */

/** What to trace. */
export interface TraceOptions {
  /** `strace`'s arguments before `-o FILE` and the command, e.g. `["-f", "-e", "trace=execve"]`. */
  readonly straceArgs: readonly string[];
  /** The file `strace` writes. */
  readonly output: string;
  /** The command and its arguments. */
  readonly command: readonly string[];
  /** Options for the spawn: working directory and environment. */
  readonly spawn?: Pick<Deno.CommandOptions, "cwd" | "env" | "clearEnv">;
}

/**
 * Trace a command.
 *
 * @param options What to trace, and where the trace goes.
 * @returns The trace's lines; or, when it cannot be had, why, as one string.
 */
export async function traceLines(options: TraceOptions): Promise<string[] | string> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command("strace", {
      ...options.spawn,
      args: [...options.straceArgs, "-o", options.output, ...options.command],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
  } catch (error) {
    return `strace cannot be run (${error instanceof Error ? error.message : error})`;
  }
  if (!output.success) {
    return `strace failed: ${new TextDecoder().decode(output.stderr).trim().slice(0, 200)}`;
  }
  return (await Deno.readTextFile(options.output)).split("\n").filter((line) => line !== "");
}
