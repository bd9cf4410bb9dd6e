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
  /**
   * Take the trace whatever the exit status, for a command that `strace`
   * kills on purpose (`-e inject=…:signal=KILL`); an empty trace is then the
   * sign that nothing could be traced.
   */
  readonly anyExit?: boolean;
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
  const failed = () =>
    `strace failed: ${new TextDecoder().decode(output.stderr).trim().slice(0, 200)}`;
  if (!output.success && options.anyExit !== true) return failed();
  const lines = await Deno.readTextFile(options.output).then(
    (text) => text.split("\n").filter((line) => line !== ""),
    () => [],
  );
  return lines.length === 0 && options.anyExit === true ? failed() : lines;
}
