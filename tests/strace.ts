/**
 * Run a command under `strace`, for the tests that check what a program
 * asks of the kernel; where `strace` is missing or may not trace, say why
 * instead, so the test can be skipped saying so, or fail where
 * `BACKUP_INTEGRATOR_REQUIRE_STRACE=1` (as in `.ci/run`).
 *
 * @module
 */

/**
 * Set to `1` (as `.ci/run` does) to make a missing or unusable `strace` a
 * failure of every test that uses it, instead of a skip.
 */
export const REQUIRE_STRACE_VARIABLE = "BACKUP_INTEGRATOR_REQUIRE_STRACE";

/**
 * Whether `strace` can trace a child here: it runs `true` under it once.
 *
 * @param strace The `strace` to try; the one on `PATH` by default.
 * @returns `undefined` when it can; else why not, as one string.
 */
export async function straceUnusable(strace = "strace"): Promise<string | undefined> {
  try {
    const output = await new Deno.Command(strace, {
      args: ["-f", "-qq", "-e", "trace=execve", "-o", "/dev/null", "true"],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    if (output.success) return undefined;
    return `strace cannot trace: ${new TextDecoder().decode(output.stderr).trim().slice(0, 200)}`;
  } catch (error) {
    return `strace cannot be run (${error instanceof Error ? error.message : error})`;
  }
}

/** What a test file that uses `strace` does with the probe's answer. */
export interface StraceGate {
  /** For `Deno.test`'s `ignore`: `strace` is unusable and not required. */
  readonly ignore: boolean;
  /** Throw, failing the test, when `strace` is unusable (so it is required); else nothing. */
  check(): void;
}

/**
 * Decide, from the probe's answer, whether the `strace` tests are skipped
 * (unusable, not required) or run (usable, or required: then they fail,
 * saying why).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { straceGate } from "./strace.ts";
 *
 * assert.equal(straceGate("strace cannot be run", false).ignore, true);
 * assert.equal(straceGate("strace cannot be run", true).ignore, false);
 * assert.throws(() => straceGate("strace cannot be run", true).check());
 * assert.doesNotThrow(() => straceGate(undefined, true).check());
 * ```
 *
 * @param unusable Why `strace` cannot be used, or `undefined` when it can.
 * @param required Whether `strace` is required (`BACKUP_INTEGRATOR_REQUIRE_STRACE=1`).
 * @returns The gate.
 */
export function straceGate(unusable: string | undefined, required: boolean): StraceGate {
  return {
    ignore: unusable !== undefined && !required,
    check() {
      if (unusable !== undefined) throw new Error(`${REQUIRE_STRACE_VARIABLE}=1 but ${unusable}`);
    },
  };
}

/**
 * Probe `strace` once, for a test file's module level, and print why its
 * tests are skipped when they are.
 *
 * @param file The test file's name, for the printed reason.
 * @returns The gate, with `BACKUP_INTEGRATOR_REQUIRE_STRACE` read from the environment.
 */
export async function probeStrace(file: string): Promise<StraceGate> {
  const unusable = await straceUnusable();
  const gate = straceGate(unusable, Deno.env.get(REQUIRE_STRACE_VARIABLE) === "1");
  if (gate.ignore) console.log(`${file}: the strace tests are skipped: ${unusable}`);
  return gate;
}

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
