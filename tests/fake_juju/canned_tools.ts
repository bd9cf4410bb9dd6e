/**
 * Hook tools made as cheap as a process can be: each is a `#!/bin/sh` script
 * that appends its name and arguments to a call log and prints a canned
 * answer, using shell built-ins only (one `sh` per call; `cat` only for an
 * answer over 64 KiB). For the benchmark, where the fake's own tools (a Deno
 * process each) would swamp the figure, and for tests that need a hook to be
 * fast. The answers come from a run against the real fake
 * ({@link recordAnswers}), so the charm behaves as it would there.
 *
 * @module
 */

import type { HookToolCall, HookToolRunner } from "../../src/juju/hook_tool_runner.ts";
import { shellQuote, writeShellScript } from "./shell_script.ts";
import { FAKE_TOOLS } from "./tool_dispatch.ts";

/** What each tool prints, by tool name; a tool without an answer fails. */
export type CannedAnswers = Readonly<Record<string, string>>;

/** One call as the log records it. */
export interface LoggedCall {
  /** The tool's name. */
  readonly tool: string;
  /** Its arguments. */
  readonly args: readonly string[];
}

/** Options for {@link writeCannedTools}. */
export interface CannedToolsOptions {
  /** What each tool prints. */
  readonly answers: CannedAnswers;
  /** The file every call is appended to; see {@link readCallLog}. */
  readonly callLog: string;
}

/** Answers longer than this are kept in a file and printed with `cat`. */
const INLINE_LIMIT = 64 * 1024;
const FIELD = "\x1f";
const RECORD = "\x1e";

/**
 * Wrap a runner to record what every successful call printed.
 *
 * @param runner The runner to wrap (the in-memory fake's).
 * @param sink Receives each call and its stdout, in order.
 * @returns A runner that behaves like `runner`.
 */
export function recordAnswers(
  runner: HookToolRunner,
  sink: (call: HookToolCall, stdout: string) => void,
): HookToolRunner {
  return {
    async run(call: HookToolCall): Promise<string> {
      const stdout = await runner.run(call);
      sink(call, stdout);
      return stdout;
    },
  };
}

/**
 * Turn recorded calls into one answer per tool.
 *
 * @param recorded Calls and what they printed.
 * @returns The answers by tool.
 * @throws {RangeError} When one tool printed two different answers, which
 * a canned tool cannot reproduce.
 */
export function cannedAnswers(
  recorded: readonly { call: HookToolCall; stdout: string }[],
): CannedAnswers {
  const answers: Record<string, string> = {};
  for (const { call, stdout } of recorded) {
    const previous = answers[call.tool];
    if (previous !== undefined && previous !== stdout) {
      throw new RangeError(`Cannot can the answers: ${call.tool} printed two different answers`);
    }
    answers[call.tool] = stdout;
  }
  return answers;
}

/**
 * Write one canned script per fake tool into a directory (replacing any file
 * there), and empty the call log.
 *
 * @param dir The tools directory, first on the hook's `PATH`.
 * @param options The answers and the call log.
 */
export async function writeCannedTools(dir: string, options: CannedToolsOptions): Promise<void> {
  const log = shellQuote(options.callLog);
  for (const tool of FAKE_TOOLS) {
    const answer = options.answers[tool];
    const lines = [
      // One write per record: the charm starts some tools together, and
      // separate writes of concurrent tools would interleave in the log.
      `record=$(printf '%s\\037' "\${0##*/}" "$@"; printf '\\036')`,
      `printf '%s' "$record" >>${log}`,
    ];
    if (answer === undefined) {
      lines.push(`echo 'ERROR no canned answer for ${tool}' >&2`, "exit 1");
    } else if (answer.length > INLINE_LIMIT) {
      const file = `${dir}/.${tool}.answer`;
      await Deno.writeTextFile(file, answer);
      lines.push(`exec cat ${shellQuote(file)}`);
    } else if (answer !== "") {
      lines.push(`printf '%s' ${shellQuote(answer)}`);
    }
    await writeShellScript(`${dir}/${tool}`, lines);
  }
  await Deno.writeTextFile(options.callLog, "");
}

/**
 * Read and empty the call log.
 *
 * @param path The call log.
 * @returns The calls since the log was last emptied, in order.
 */
export async function takeCallLog(path: string): Promise<LoggedCall[]> {
  const text = await Deno.readTextFile(path);
  await Deno.writeTextFile(path, "");
  return parseCallLog(text);
}

/**
 * Parse a call log: per call, each word followed by U+001F, then U+001E.
 *
 * @param text The log's content.
 * @returns The calls in order.
 */
export function parseCallLog(text: string): LoggedCall[] {
  return text.split(RECORD).filter((record) => record !== "").map((record) => {
    const [tool = "", ...args] = record.split(FIELD).slice(0, -1);
    return { tool, args };
  });
}
