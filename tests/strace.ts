/**
 * Running a command under `strace -f -qq`, for the tests that look at or
 * steer the system calls the charm makes.
 *
 * @module
 */

/** How a traced command ended, and the trace. */
export interface Traced {
  /** The exit code `strace` reports (137 for a command killed by SIGKILL). */
  readonly code: number;
  /** The trace, one system call a line. */
  readonly lines: readonly string[];
  /** What `strace` printed on stderr. */
  readonly stderr: string;
}

/**
 * Run a command under `strace -f -qq -o <trace> <options.strace…>`.
 *
 * @param command The program and its arguments.
 * @param options The `strace` options, the trace file, and how to run the command.
 * @returns How it ended, or why `strace` cannot be run (a string, for a skip message).
 */
export async function traceCommand(
  command: readonly string[],
  options: {
    strace: readonly string[];
    trace: string;
    cwd?: string;
    env?: Record<string, string>;
  },
): Promise<Traced | string> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command("strace", {
      args: ["-f", "-qq", "-o", options.trace, ...options.strace, ...command],
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.env === undefined ? {} : { env: options.env, clearEnv: true }),
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
  } catch (error) {
    return `strace cannot be run (${error instanceof Error ? error.message : error})`;
  }
  const stderr = new TextDecoder().decode(output.stderr).trim();
  let text = "";
  try {
    text = await Deno.readTextFile(options.trace);
  } catch {
    return `strace wrote no trace (exit ${output.code}): ${stderr.slice(0, 200)}`;
  }
  return { code: output.code, lines: text.split("\n"), stderr };
}
