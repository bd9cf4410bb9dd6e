/**
 * The one place that spawns Juju hook tools.
 *
 * Everything else in the charm calls the typed wrappers in `hook_tools.ts`,
 * which take a {@link HookToolRunner} as a parameter, so tests can pass an
 * in-memory runner and no process is started.
 *
 * The process runner is bounded, so a faulty tool can neither hang the hook
 * nor exhaust its memory: stdin is written while stdout and stderr are read;
 * at most {@link DEFAULT_LIMITS} of each is kept; a tool that runs too long or
 * prints too much on stdout is killed and the call fails.
 *
 * @module
 */

import { printable } from "./printable.ts";

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
  /** The tool's exit code, or `null` when it could not be started or was killed. */
  readonly exitCode: number | null;
  /** The tool's stderr (or why it could not be started). */
  readonly stderr: string;
  /**
   * What went wrong, when it is not an exit code: e.g. `timed out after 120 s
   * and was killed`. Absent: `could not be started` (without an exit code) or
   * `exited with <code>`.
   */
  readonly problem?: string;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/** Most characters of a tool's stderr shown in an error message; escapes come on top. */
export const SHOWN_STDERR_LENGTH = 2000;

/**
 * A hook tool exited non-zero, could not be started, or was killed.
 *
 * Carries the data a caller needs to decide and to report, so nobody parses
 * the message. The message is one line: the tool's stderr in it is escaped
 * and cut to {@link SHOWN_STDERR_LENGTH} characters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HookToolError } from "./hook_tool_runner.ts";
 * const error = new HookToolError({ tool: "is-leader", args: ["--format=json"] }, {
 *   exitCode: 1,
 *   stderr: "ERROR connection refused\nERROR forged line\n",
 * });
 * assert.ok(error.message.includes("is-leader --format=json"));
 * assert.ok(!error.message.includes("\n"));
 * ```
 */
export class HookToolError extends Error {
  /** The tool that failed. */
  readonly tool: string;
  /** The arguments it was given. */
  readonly args: readonly string[];
  /** Its exit code; `null` when it could not be started at all, or was killed. */
  readonly exitCode: number | null;
  /** What it printed on stderr (as much as the runner kept), trimmed. */
  readonly stderr: string;

  /**
   * Describe a failed call.
   *
   * @param call The call that failed.
   * @param options Exit code, stderr, problem and optional cause.
   */
  constructor(call: HookToolCall, options: HookToolErrorOptions) {
    const stderr = options.stderr.trim();
    const how = options.problem ??
      (options.exitCode === null ? "could not be started" : `exited with ${options.exitCode}`);
    const shown = stderr === "" ? "" : `: ${printable(stderr, SHOWN_STDERR_LENGTH)}`;
    super(
      `Hook tool failed: ${describeCall(call)} ${how}${shown}`,
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
  const shown = call.args.map((arg) => printable(arg, SHOWN_ARGUMENT_LENGTH));
  return [call.tool, ...shown].join(" ");
}

/** Bounds of one hook-tool call; see {@link DEFAULT_LIMITS}. */
export interface RunnerLimits {
  /** How long a call may take before the tool is killed, in milliseconds. */
  readonly timeoutMs: number;
  /** Most bytes of stdout accepted; a tool printing more is killed and the call fails. */
  readonly stdoutBytes: number;
  /** Most bytes of stderr kept; the rest is read and dropped. */
  readonly stderrBytes: number;
}

/**
 * Most bytes of charm config Juju stores for one application: 16 MiB. Juju 3
 * keeps an application's config in one MongoDB document, and MongoDB refuses a
 * document over 16 MiB of BSON; Juju 4 (Dqlite) checks the size of the whole
 * config map itself when it is changed (juju/juju pull request 22664), so
 * neither can hold more.
 */
export const JUJU_MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/**
 * The production bounds. A hook tool answers in milliseconds; two minutes is
 * for an agent under heavy load, and a hung tool otherwise holds the
 * machine's hook lock for ever.
 *
 * stdout is sized from the largest config Juju can store
 * ({@link JUJU_MAX_CONFIG_BYTES}), printed by `config-get --format=json` at
 * its worst: JSON escapes a control character (or `<`, `>`, `&`, or a byte that
 * is not UTF-8) as six bytes, `\u0001`, and nothing grows more. Six times
 * 16 MiB is 96 MiB; BSON's own bytes per option (type, length, two NULs)
 * already outweigh JSON's quotes, colon and comma, and 1 MiB more covers the
 * braces and the newline: 97 MiB. So every config Juju accepts is read, and a
 * tool that prints more than any config can is killed.
 *
 * Only the start of stderr matters for a message: 64 KiB.
 */
export const DEFAULT_LIMITS: RunnerLimits = {
  timeoutMs: 120_000,
  stdoutBytes: 6 * JUJU_MAX_CONFIG_BYTES + 1024 * 1024,
  stderrBytes: 64 * 1024,
};

/**
 * Create the production runner: each call spawns the tool as a child process
 * that inherits the hook's environment (the real tools find the unit agent
 * through it).
 *
 * @param limits Replaces some of {@link DEFAULT_LIMITS}, for tests.
 * @returns A runner backed by `Deno.Command`.
 */
export function createProcessRunner(limits: Partial<RunnerLimits> = {}): HookToolRunner {
  const bounds = { ...DEFAULT_LIMITS, ...limits };
  return { run: (call) => runProcess(call, bounds) };
}

/**
 * Read a stream to its end, keeping at most `limit` bytes as the chunks read
 * (never copied into one buffer: stdout may be 97 MiB); `cancel()` stops it early.
 */
function collect(stream: ReadableStream<Uint8Array>, limit: number, onOverflow?: () => void) {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let total = 0;
  const done = (async () => {
    try {
      while (true) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.length;
        if (kept < limit) {
          const part = value.subarray(0, limit - kept);
          chunks.push(part);
          kept += part.length;
        }
        if (total > limit && onOverflow !== undefined) {
          onOverflow();
          break;
        }
      }
    } catch {
      // Cancelled, or the pipe broke: what was read is what there is.
    }
    return { chunks, total };
  })();
  return { done, cancel: () => void reader.cancel().catch(() => {}) };
}

/** Decode chunks of UTF-8 as one text, without joining the bytes first. */
function decodeChunks(chunks: readonly Uint8Array[]): string {
  const decoder = new TextDecoder();
  let text = "";
  for (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/** Write all of `text` to the tool's stdin, then close it; `abort()` gives up. */
function writeStdin(child: Deno.ChildProcess, text: string | undefined) {
  if (text === undefined) return { done: Promise.resolve(), abort: () => {} };
  const writer = child.stdin.getWriter();
  const done = (async () => {
    try {
      await writer.write(new TextEncoder().encode(text));
      await writer.close();
    } catch {
      // The tool closed stdin early or was killed; its exit code and stderr say why.
    }
  })();
  return { done, abort: () => void writer.abort().catch(() => {}) };
}

function mebibytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
}

async function runProcess(call: HookToolCall, limits: RunnerLimits): Promise<string> {
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
  let problem: string | undefined;
  const kill = (why: string) => {
    problem ??= why;
    try {
      child.kill("SIGKILL");
    } catch {
      // Already exited.
    }
    stdin.abort();
    stdout.cancel();
    stderr.cancel();
  };
  const stdin = writeStdin(child, call.stdin);
  const stdout = collect(child.stdout, limits.stdoutBytes, () => {
    kill(`printed more than ${mebibytes(limits.stdoutBytes)} on stdout and was killed`);
  });
  const stderr = collect(child.stderr, limits.stderrBytes);
  // AbortSignal.timeout, not setTimeout: its timer does not keep the process
  // alive, and a hook's first setTimeout costs about 4 ms of module loading.
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const onTimeout = () => kill(`timed out after ${limits.timeoutMs / 1000} s and was killed`);
  timeout.addEventListener("abort", onTimeout);
  try {
    const [status, out, err] = await Promise.all([
      child.status,
      stdout.done,
      stderr.done,
      stdin.done,
    ]);
    if (problem !== undefined || !status.success) {
      throw new HookToolError(call, {
        exitCode: problem === undefined ? status.code : null,
        stderr: decodeChunks(err.chunks),
        ...(problem === undefined ? {} : { problem }),
      });
    }
    return decodeChunks(out.chunks);
  } finally {
    timeout.removeEventListener("abort", onTimeout);
  }
}
